import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export const repoRoot = join(__dirname, '..', '..');

export interface RunningProcess {
  child: ChildProcess;
  output: () => string;
  errors: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; afterMs: number }>;
  /** Resolves once stdout has contained `pattern`; rejects if the process exits first. */
  waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<RegExpMatchArray>;
  signal: (signal: NodeJS.Signals) => number;
}

/** Runs a repo TypeScript entry point (`node tools/run.cjs <entry>`) as a real child process. */
export function runEntry(entry: string, env: NodeJS.ProcessEnv): RunningProcess {
  const child = spawn(process.execPath, [join(repoRoot, 'tools', 'run.cjs'), entry], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let signalledAt = 0;
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; afterMs: number }>((resolveExit) =>
    child.once('exit', (code, signal) => resolveExit({ code, signal, afterMs: signalledAt ? Date.now() - signalledAt : 0 })),
  );
  return {
    child,
    output: () => stdout,
    errors: () => stderr,
    exit,
    signal: (signal) => {
      signalledAt = Date.now();
      child.kill(signal);
      return signalledAt;
    },
    waitFor: (pattern, timeoutMs = 60_000) =>
      new Promise((resolveMatch, rejectMatch) => {
        const deadline = setTimeout(() => {
          clearInterval(poll);
          rejectMatch(new Error(`no ${pattern} within ${timeoutMs} ms; stdout: ${stdout}; stderr: ${stderr}`));
        }, timeoutMs);
        const poll = setInterval(() => {
          const match = stdout.match(pattern);
          if (match) {
            clearInterval(poll);
            clearTimeout(deadline);
            resolveMatch(match);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            clearInterval(poll);
            clearTimeout(deadline);
            rejectMatch(new Error(`exited before ${pattern}; stdout: ${stdout}; stderr: ${stderr}`));
          }
        }, 50);
      }),
  };
}

/** The environment a child service gets in tests: the parent's, minus anything that points at real infrastructure. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', ...extra };
  delete env['JEST_WORKER_ID'];
  return env;
}
