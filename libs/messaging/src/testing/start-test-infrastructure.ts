import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

export interface TestInfrastructure {
  /** URL of the `verticals` database; create your own with createTestDatabase(). */
  databaseUrl: string;
  /** Bootstrap list of the embedded broker, e.g. "127.0.0.1:40123". */
  kafkaBrokers: string;
  stop(): Promise<void>;
}

const repositoryRoot = resolve(__dirname, '..', '..', '..', '..');

/** Spawns test-infrastructure.ts (PostgreSQL + Kafka broker) and waits for its addresses. */
export function startTestInfrastructure(timeoutMs = 60_000): Promise<TestInfrastructure> {
  const child = spawn(process.execPath, [resolve(repositoryRoot, 'tools/run.cjs'), resolve(__dirname, 'test-infrastructure.ts')], {
    cwd: repositoryRoot,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`test infrastructure did not start in ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`test infrastructure exited with ${code}: ${stderr}`));
    });
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      const addresses = JSON.parse(line) as { databaseUrl: string; kafkaBrokers: string };
      resolveStart({
        ...addresses,
        stop: async () => {
          if (child.exitCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    });
  });
}
