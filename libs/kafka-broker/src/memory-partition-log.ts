import { type OffsetAtTime, type LogRetention, type PartitionLog } from './partition-log';
import { type BatchHeader, firstOffsetAtOrAfter, setBaseOffset } from './record-batch';

interface StoredBatch {
  readonly baseOffset: number;
  readonly lastOffset: number;
  readonly maxTimestamp: number;
  readonly appendedAt: number;
  readonly bytes: Buffer;
}

/** Keeps batches in memory: for unit tests and throwaway brokers (nothing survives a restart). */
export class MemoryPartitionLog implements PartitionLog {
  private batches: StoredBatch[] = [];
  private start = 0;
  private end = 0;
  private bytes = 0;

  constructor(private readonly retention: LogRetention) {}

  get logStartOffset(): number {
    return this.start;
  }

  get nextOffset(): number {
    return this.end;
  }

  get sizeBytes(): number {
    return this.bytes;
  }

  append(batch: Buffer, header: BatchHeader): number {
    const baseOffset = this.end;
    const copy = Buffer.from(batch);
    setBaseOffset(copy, 0, baseOffset);
    this.batches.push({ baseOffset, lastOffset: baseOffset + header.lastOffsetDelta, maxTimestamp: header.maxTimestamp, appendedAt: Date.now(), bytes: copy });
    this.end = baseOffset + header.lastOffsetDelta + 1;
    this.bytes += copy.length;
    return baseOffset;
  }

  private indexOfBatchHolding(offset: number): number {
    let low = 0;
    let high = this.batches.length - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      if (this.batches[mid].lastOffset < offset) low = mid + 1;
      else high = mid - 1;
    }
    return low;
  }

  read(offset: number, maxBytes: number): Buffer[] {
    const result: Buffer[] = [];
    let total = 0;
    for (let i = this.indexOfBatchHolding(offset); i < this.batches.length; i++) {
      const bytes = this.batches[i].bytes;
      if (result.length > 0 && total + bytes.length > maxBytes) break;
      result.push(bytes);
      total += bytes.length;
    }
    return result;
  }

  offsetForTimestamp(timestamp: number): OffsetAtTime | null {
    const batch = this.batches.find((candidate) => candidate.maxTimestamp >= timestamp);
    return batch ? { offset: firstOffsetAtOrAfter(batch.bytes, timestamp), timestamp: batch.maxTimestamp } : null;
  }

  takeRecoveredBatches(): readonly BatchHeader[] {
    return [];
  }

  enforceRetention(now: number): void {
    let drop = 0;
    let remaining = this.bytes;
    while (drop < this.batches.length - 1) {
      const batch = this.batches[drop];
      const tooOld = this.retention.retentionMs >= 0 && now - batch.appendedAt > this.retention.retentionMs;
      const tooBig = this.retention.retentionBytes >= 0 && remaining > this.retention.retentionBytes;
      if (!tooOld && !tooBig) break;
      remaining -= batch.bytes.length;
      drop++;
    }
    if (drop === 0) return;
    this.batches = this.batches.slice(drop);
    this.bytes = remaining;
    this.start = this.batches[0].baseOffset;
  }

  flush(): void {
    // Nothing is buffered: memory is the store.
  }

  close(): void {
    this.batches = [];
  }
}
