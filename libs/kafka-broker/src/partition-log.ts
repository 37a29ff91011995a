import { type BatchHeader } from './record-batch';

export interface LogRetention {
  /** Delete closed segments older than this; -1 keeps them forever. */
  readonly retentionMs: number;
  /** Keep at most this many bytes per partition (whole segments are deleted); -1 = unlimited. */
  readonly retentionBytes: number;
  /** Roll to a new segment past this size. */
  readonly segmentBytes: number;
}

export interface OffsetAtTime {
  readonly offset: number;
  readonly timestamp: number;
}

/** One partition's append-only log of record batches, addressed by offset. */
export interface PartitionLog {
  readonly logStartOffset: number;
  /** Log end offset: the offset the next appended record gets (also the high watermark). */
  readonly nextOffset: number;
  readonly sizeBytes: number;
  /** Appends one validated batch, rewriting its base offset in place; returns that base offset. */
  append(batch: Buffer, header: BatchHeader): number;
  /** Whole batches from the one holding `offset`, up to `maxBytes` but always at least one. */
  read(offset: number, maxBytes: number): Buffer[];
  /** Earliest offset whose timestamp is >= `timestamp`, or null when none is. */
  offsetForTimestamp(timestamp: number): OffsetAtTime | null;
  /** Batch headers found on recovery, oldest first (rebuilds idempotent-producer state). */
  takeRecoveredBatches(): readonly BatchHeader[];
  enforceRetention(now: number): void;
  flush(): void;
  close(): void;
}
