import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';

const repoRoot = join(__dirname, '..', '..', '..', '..');

export interface SpawnedScript<T> {
  child: ChildProcess;
  /** The first JSON line the script printed. */
  ready: T;
  stderr: () => string;
  /** SIGTERM and wait for exit; resolves with the exit code. */
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

/**
 * Runs a repo TypeScript script in a child process (`node tools/run.cjs`) and waits for its first
 * stdout line, parsed as JSON. Used by tests for things that cannot run inside Jest's sandbox (the
 * embedded PostgreSQL is an ES module) or that must be killed for real.
 */
export async function spawnScript<T>(script: string, args: string[], env: NodeJS.ProcessEnv = process.env, timeoutMs = 60_000): Promise<SpawnedScript<T>> {
  const child = spawn(process.execPath, [join(repoRoot, 'tools', 'run.cjs'), script, ...args], {
    cwd: repoRoot,
    env,
    // stdin stays open as a lifeline: scripts may stop when it closes (the test process died).
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  const ready = await new Promise<T>((resolveReady, rejectReady) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      rejectReady(new Error(`${script} printed nothing in ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    if (!child.stdout) return rejectReady(new Error(`${script}: no stdout pipe`));
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolveReady(JSON.parse(line) as T);
      } catch {
        rejectReady(new Error(`${script} printed a non-JSON first line: ${line}`));
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      rejectReady(new Error(`${script} exited with code ${code}: ${stderr}`));
    });
  });
  return {
    child,
    ready,
    stderr: () => stderr,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
