import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { workerBootstrap } from './worker-bootstrap';

interface ScenarioResult {
  fallback: { publicIsAsyncOnly: boolean; same: boolean };
  loadMismatches: number;
  loadInlineExecutions: number;
  loadWorkerExecutions: number;
  syncSessions: boolean;
  inlineMaxRows: Record<string, number>;
  sequential: number[][];
  workersOnly: number[][];
  expected: number[][];
  burstMatches: boolean;
  wide: boolean;
  narrow: number[];
  inlineUnbatchedAfterWide: number;
  inlineUnbatched: number;
  inlineAfterSequential: number;
  burstRows: number;
  burstWorkerExecutions: number;
  workersOnlyInline: number;
  logs: string[];
}

function runScenario(): Promise<ScenarioResult> {
  const worker = new Worker(workerBootstrap(path.join(__dirname, 'inline-session.scenario.ts')), { eval: true });
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (message: { result?: ScenarioResult; error?: string }) => {
      void worker.terminate();
      if (message.result) resolve(message.result);
      else reject(new Error(message.error));
    });
  });
}

describe('inline execution of small batches (engine run in a worker thread: a realm native typed arrays match)', () => {
  let result: ScenarioResult;
  beforeAll(async () => {
    result = await runScenario();
  }, 60_000);

  // The fast path reaches into onnxruntime-node's dist/binding; an upgrade that moves it falls back to the
  // public API silently (slower, same results), so this pins it for the version in the lockfile.
  it('finds onnxruntime-node native session (synchronous runs)', () => {
    expect(result.syncSessions).toBe(true);
  });

  it('falls back to the public API with the same outputs', () => {
    expect(result.fallback).toEqual({ publicIsAsyncOnly: true, same: true });
  });

  it('turns inline on for a small model, off when the policy says 0 or the model is slower than the bound', () => {
    expect(result.inlineMaxRows['scaled']).toBeGreaterThanOrEqual(1);
    expect(result.inlineMaxRows['scaled-workers-only']).toBe(0);
    expect(result.inlineMaxRows['scaled-too-slow']).toBe(0);
    expect(result.logs.some((l) => /model 'scaled' version 3: idle batches of up to \d+ rows run inline \(one row: [\d.]+ us\)/.test(l))).toBe(true);
    expect(result.logs.filter((l) => l.startsWith('WARN') || l.startsWith('ERROR'))).toEqual([]);
  });

  it('runs idle single requests inline with the same results as the workers', () => {
    expect(result.sequential).toEqual(result.expected);
    expect(result.workersOnly).toEqual(result.expected);
    expect(result.inlineAfterSequential).toBe(20);
    expect(result.workersOnlyInline).toBe(0);
  });

  it('runs each row of a burst once, its first batches on the worker, with the same results as one at a time', () => {
    expect(result.burstMatches).toBe(true);
    // Each of the 200 rows ran exactly once, and the worker got at least its pipeline of 3 batches at once
    // (how many more it gets depends on timing: this thread runs batches inline while it waits).
    expect(result.burstRows).toBe(200);
    expect(result.burstWorkerExecutions).toBeGreaterThanOrEqual(3);
  });

  it('also runs batches inline while the worker pipeline is full, with identical results', () => {
    expect(result.loadMismatches).toBe(0);
    expect(result.loadInlineExecutions).toBeGreaterThan(0);
    expect(result.loadWorkerExecutions).toBeGreaterThan(result.loadInlineExecutions / 10);
  });

  it('sends a request larger than the calibrated inline size to the workers', () => {
    expect(result.inlineMaxRows['scaled-unbatched']).toBe(1);
    expect(result.wide).toBe(true);
    expect(result.inlineUnbatchedAfterWide).toBe(0);
    expect(result.narrow).toEqual(result.expected[1]);
    expect(result.inlineUnbatched).toBe(1);
  });
});
