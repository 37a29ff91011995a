import { runInThisContext } from 'node:vm';
import type * as ort from 'onnxruntime-node';
import { InferenceError, InferenceErrorCode, errorFirstLine } from '../errors/inference-error';
import { type BatchExecutor, type BatchRunResult } from './batch-executor';
import { ortSessionOptions } from './ort-session-options';
import { type OrtOutputs, createOrtSession, toOrtFeeds } from './ort-sync-session';
import { type TensorDtype } from '../repository/model-config.schema';
import { type NumericTensorData, type TensorData, allocateTensorData } from './tensor';
import { type SessionWorkerData, type WireTensor } from './worker-protocol';

/** Default bound on an inline batch's compute: below a thread hand-off's cost on a busy 2-core VM (~25 us). */
export const DEFAULT_INLINE_MAX_MICROS = 50;
/** Larger models never get a second session on the service thread (memory, load time). */
export const INLINE_MAX_MODEL_BYTES = 16 * 1024 * 1024;
const CALIBRATION_RUNS = 21;
/** Running average weight of each inline run's compute, and how far above the bound it may drift. */
const DRIFT_WEIGHT = 0.05;
const DRIFT_FACTOR = 4;

export interface InlineCalibration {
  /** Median compute of one warm-up row alone, microseconds. */
  microsPerRow: number;
  /** Input elements (first input) an inline batch may hold. */
  maxElements: number;
  maxRows: number;
}

/**
 * Runs small batches on the calling thread when the model's session workers are idle. Handing a batch
 * to a worker thread and back costs ~15-30 us here, more than a small model's whole compute (a 256x256
 * MatMul: ~10 us); for such models the idle path runs inline, while anything queued behind a running
 * batch still goes to the workers, so throughput under load and crash isolation of busy traffic stay
 * with the worker pool. A batch inline blocks the event loop for at most about `maxMicros`.
 */
export class InlineSession implements BatchExecutor {
  private averageMicros: number;
  private disabled = false;
  /** Batch inputs are assembled here: a run finishes before the next batch is formed, so one buffer per input serves all. */
  private readonly scratch = new Map<string, TensorData>();

  private constructor(
    private readonly runSync: (feeds: Record<string, ort.Tensor>) => OrtOutputs,
    private readonly releaseSession: () => Promise<void>,
    readonly calibration: InlineCalibration,
    private readonly maxMicros: number,
    private readonly onDisabled: (reason: string) => void,
  ) {
    this.averageMicros = calibration.microsPerRow;
  }

  /**
   * Loads a main-thread session and times zero batches of 1, 2, 4, ... rows; undefined when one row is
   * already slower than `maxMicros`, the synchronous native session is unavailable, or this realm's
   * typed arrays are not the native addon's.
   */
  static async create(options: {
    modelBytes: Uint8Array;
    sessionOptions: SessionWorkerData['sessionOptions'];
    /** Model inputs of `rows` all-zero rows. */
    zeroBatch: (rows: number) => Record<string, WireTensor>;
    maxRows: number;
    maxMicros: number;
    onDisabled: (reason: string) => void;
  }): Promise<InlineSession | undefined> {
    // A VM sandbox (Jest) has typed array constructors of its own, which the native addon's outputs fail:
    // expected there, so no session and no log line (models() shows inlineMaxRows 0).
    if (!nativeArraysMatchThisRealm()) return undefined;
    // One thread: the calling thread itself, never an ORT pool competing with the service's threads.
    const sessionOptions = { ...options.sessionOptions, intraOpNumThreads: 1, interOpNumThreads: 1, allowSpinning: false };
    const session = await createOrtSession(options.modelBytes, ortSessionOptions(sessionOptions, ['cpu']));
    const runSync = session.runSync;
    if (!runSync) {
      await session.release();
      return undefined;
    }
    // Batches of 1, 2, 4, ... rows while their median compute fits the bound (batching is sublinear).
    const oneRow = options.zeroBatch(1);
    const microsPerRow = medianMicros(runSync, toOrtFeeds(oneRow));
    let rows = microsPerRow <= options.maxMicros ? 1 : 0;
    for (let candidate = 2; rows > 0 && candidate <= options.maxRows; candidate *= 2) {
      if (medianMicros(runSync, toOrtFeeds(options.zeroBatch(candidate))) > options.maxMicros) break;
      rows = candidate;
    }
    if (rows < 1) {
      await session.release();
      return undefined;
    }
    const firstInput = Object.values(oneRow)[0];
    const calibration = { microsPerRow, maxRows: rows, maxElements: rows * firstInput.data.length };
    return new InlineSession(runSync, () => session.release(), calibration, options.maxMicros, options.onDisabled);
  }

  get alive(): boolean {
    return !this.disabled;
  }

  /**
   * Whether a batch of `rows` rows whose first input holds `elements()` values may run inline (counted
   * only when the rows fit: a request of a model without batching can hold several rows and counts as one).
   */
  accepts(rows: number, elements: () => number): boolean {
    return !this.disabled && rows <= this.calibration.maxRows && elements() <= this.calibration.maxElements;
  }

  inputBuffer(name: string, elements: number, dtype: TensorDtype): TensorData | undefined {
    if (dtype === 'BYTES') return undefined;
    let buffer = this.scratch.get(name);
    if (!buffer || buffer.length < elements) this.scratch.set(name, (buffer = allocateTensorData(dtype, Math.max(elements, this.calibration.maxElements))));
    return (buffer as NumericTensorData).subarray(0, elements);
  }

  run(feeds: Record<string, WireTensor>): Promise<BatchRunResult> {
    try {
      const ortFeeds = toOrtFeeds(feeds);
      const started = performance.now();
      const results = this.runSync(ortFeeds);
      const computeNs = (performance.now() - started) * 1e6;
      this.watch(computeNs / 1000);
      const outputs: Record<string, WireTensor> = {};
      for (const name in results) {
        const result = results[name];
        outputs[name] = { type: result.type, dims: result.dims as number[], data: result.data as TensorData };
      }
      return Promise.resolve({ outputs, computeNs });
    } catch (error) {
      return Promise.reject(new InferenceError(InferenceErrorCode.INTERNAL, `inference failed: ${errorFirstLine(error)}`));
    }
  }

  release(): Promise<void> {
    this.disabled = true;
    return this.releaseSession();
  }

  /** Inline runs that turn out slower than calibrated (a busier machine, larger inputs) stop going inline. */
  private watch(micros: number): void {
    // Clamped: one run stretched by a GC pause or a preemption must not switch inline off by itself.
    this.averageMicros += DRIFT_WEIGHT * (Math.min(micros, 2 * DRIFT_FACTOR * this.maxMicros) - this.averageMicros);
    if (this.averageMicros <= DRIFT_FACTOR * this.maxMicros || this.disabled) return;
    this.disabled = true;
    this.onDisabled(`inline batches averaged ${Math.round(this.averageMicros)} us, over ${DRIFT_FACTOR}x the ${this.maxMicros} us bound`);
  }
}

function medianMicros(runSync: (feeds: Record<string, ort.Tensor>) => OrtOutputs, feeds: Record<string, ort.Tensor>): number {
  const timings: number[] = [];
  for (let i = 0; i < CALIBRATION_RUNS; i++) {
    const started = performance.now();
    runSync(feeds);
    timings.push((performance.now() - started) * 1000);
  }
  return timings.sort((a, b) => a - b)[timings.length >> 1];
}

/** Native addons create typed arrays in the main context; a VM sandbox (Jest) has its own constructors. */
function nativeArraysMatchThisRealm(): boolean {
  return runInThisContext('Float32Array') === Float32Array;
}


