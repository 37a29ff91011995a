import { type BatchSlabLayout } from './batch-slab';
import { type TensorData } from './tensor';

/** Messages between the engine (main thread) and a session worker. Tensor buffers are transferred, not copied. */
export interface WireTensor {
  /** onnxruntime type name: float32, int64, int32, bool, uint8, string. */
  type: string;
  dims: number[];
  data: TensorData;
}

export interface SessionWorkerData {
  modelBytes: Uint8Array;
  executionProviders: string[];
  sessionOptions: {
    intraOpNumThreads: number;
    interOpNumThreads: number;
    graphOptimizationLevel: 'disabled' | 'basic' | 'extended' | 'all';
    enableCpuMemArena: boolean;
    allowSpinning: boolean;
  };
  /** Shared-memory slots (see batch-slab.ts); absent for models whose batches travel as messages. */
  slab?: { layout: BatchSlabLayout; control: SharedArrayBuffer; slots: SharedArrayBuffer[] };
}

export type WorkerRequest =
  | { type: 'run'; id: number; feeds: Record<string, WireTensor> }
  /** Exit between runs: code 0, or 1 to simulate a crash (tests). */
  | { type: 'close'; crash: boolean };

export type WorkerReply =
  | { type: 'ready'; executionProvider: string; fallbackReason?: string }
  | { type: 'load-error'; message: string }
  | { type: 'result'; id: number; outputs: Record<string, WireTensor>; computeNs: number }
  | { type: 'run-error'; id: number; message: string };
