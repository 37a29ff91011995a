import { type TensorDtype } from '../repository/model-config.schema';
import { type TensorData } from './tensor';
import { type WireTensor } from './worker-protocol';

export interface BatchRunResult {
  outputs: Record<string, WireTensor>;
  computeNs: number;
}

/** Where the batcher sends a formed batch: a session worker thread, or the calling thread (InlineSession). */
export interface BatchExecutor {
  readonly alive: boolean;
  /** Where the next batch's input can be written in place, or undefined for a buffer of its own. */
  inputBuffer(name: string, elements: number, dtype: TensorDtype): TensorData | undefined;
  /** Buffers in `transfer` may move to another thread (the caller must not reuse them). */
  run(feeds: Record<string, WireTensor>, transfer: ArrayBuffer[]): Promise<BatchRunResult>;
}
