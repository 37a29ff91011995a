import { type Tensor, type TensorRecord } from '../runtime/tensor';

export interface InferOptions {
  /** Serve this version; default: the highest ready version. */
  version?: number;
  /** Absolute deadline (epoch milliseconds or Date): a request still queued then is dropped before compute. */
  deadline?: number | Date;
  /** Aborting drops the request if it has not run yet and rejects it with CANCELLED. */
  signal?: AbortSignal;
}

/** One caller's request while it waits in a model's queue. */
export interface PendingRequest {
  inputs: Record<string, Tensor>;
  rows: number;
  /** performance.now() at enqueue. */
  enqueuedAt: number;
  /** Still waiting in the queue (not yet taken into a batch). */
  queued: boolean;
  settled: boolean;
  resolve(outputs: TensorRecord): void;
  reject(error: Error): void;
  /** Detaches abort listeners and deadline timers. */
  release(): void;
}
