import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');

export interface ChildBroker {
  readonly process: ChildProcess;
  readonly brokers: string;
  readonly port: number;
  readonly pid: number;
  /** Resolves when the process has exited. */
  readonly exited: Promise<number | null>;
}

/** Runs the broker CLI (`npm run kafka`'s entry point) in a child process and waits for its listen line. */
export function startChildBroker(args: string[]): Promise<ChildBroker> {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'tools', 'run.cjs'), path.join(REPO_ROOT, 'libs', 'kafka-broker', 'src', 'cli.ts'), ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /listening on ([\d.]+):(\d+)/.exec(output);
      if (match) {
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        resolve({ process: child, brokers: `${match[1]}:${match[2]}`, port: Number(match[2]), pid: child.pid ?? -1, exited });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) => reject(new Error(`broker exited with ${code} before listening: ${output}`)));
  });
}

export function killHard(child: ChildBroker): Promise<number | null> {
  child.process.kill('SIGKILL');
  return child.exited;
}
