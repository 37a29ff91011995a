import { type Tensor, type TensorRecord } from '../runtime/tensor';

export interface InferOptions {
  /** Serve this version; default: the highest ready version. */
  version?: number;
  /** Absolute deadline (epoch milliseconds or Date): a request still queued then is dropped before compute. */
  deadline?: number | Date;
  /** Aborting drops the request if it has not run yet and rejects it with CANCELLED. */
  signal?: AbortSignal;
}

/** One caller's request while it waits in a model's queue (a plain record: no closures per request). */
export class PendingRequest {
  /** Still waiting in the queue (not yet taken into a batch). */
  queued = true;
  settled = false;
  timer: NodeJS.Timeout | undefined = undefined;
  signal: AbortSignal | undefined = undefined;
  onAbort: (() => void) | undefined = undefined;

  constructor(
    readonly inputs: Record<string, Tensor>,
    readonly rows: number,
    /** performance.now() at enqueue. */
    readonly enqueuedAt: number,
    readonly resolve: (outputs: TensorRecord) => void,
    readonly reject: (error: Error) => void,
  ) {}

  /** Detaches abort listeners and deadline timers. */
  release(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.onAbort) this.signal?.removeEventListener('abort', this.onAbort);
  }
}
