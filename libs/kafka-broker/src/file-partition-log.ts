import * as fs from 'node:fs';
import { LogSegment } from './log-segment';
import { type LogRetention, type OffsetAtTime, type PartitionLog } from './partition-log';
import { type BatchHeader, firstOffsetAtOrAfter, readBatchHeader, setBaseOffset } from './record-batch';

export interface FileLogOptions extends LogRetention {
  readonly directory: string;
  readonly indexIntervalBytes: number;
  readonly onRecoveryTruncate?: (directory: string, bytes: number) => void;
}

/** A partition stored as segment files in its own directory (see README "Data layout"). */
export class FilePartitionLog implements PartitionLog {
  private segments: LogSegment[] = [];
  private recovered: BatchHeader[] = [];
  private dirty = false;

  constructor(private readonly options: FileLogOptions) {
    fs.mkdirSync(options.directory, { recursive: true });
    const bases = fs
      .readdirSync(options.directory)
      .filter((name) => /^\d{20}\.log$/.test(name))
      .map((name) => Number(name.slice(0, 20)))
      .sort((a, b) => a - b);
    if (bases.length === 0) {
      this.segments.push(LogSegment.create(options.directory, 0, options.indexIntervalBytes));
      return;
    }
    for (let i = 0; i < bases.length - 1; i++) {
      this.segments.push(LogSegment.openClosed(options.directory, bases[i], bases[i + 1], options.indexIntervalBytes));
    }
    const { segment, recovery } = LogSegment.openActive(options.directory, bases[bases.length - 1], options.indexIntervalBytes);
    this.segments.push(segment);
    this.recovered = recovery.batches;
    if (recovery.truncatedBytes > 0) options.onRecoveryTruncate?.(options.directory, recovery.truncatedBytes);
  }

  private get active(): LogSegment {
    return this.segments[this.segments.length - 1];
  }

  get logStartOffset(): number {
    return this.segments[0].baseOffset;
  }

  get nextOffset(): number {
    return this.active.nextOffset;
  }

  get sizeBytes(): number {
    return this.segments.reduce((sum, segment) => sum + segment.size, 0);
  }

  append(batch: Buffer, header: BatchHeader): number {
    const full = this.active.size + batch.length > this.options.segmentBytes;
    // Without a time roll, a quiet partition's only segment would never age out.
    const expired = this.options.retentionMs >= 0 && Date.now() - this.active.createdAt > this.options.retentionMs;
    if (this.active.size > 0 && (full || expired)) {
      this.segments.push(LogSegment.create(this.options.directory, this.active.nextOffset, this.options.indexIntervalBytes));
    }
    const baseOffset = this.active.nextOffset;
    setBaseOffset(batch, 0, baseOffset);
    this.active.append(batch, { ...header, baseOffset });
    this.dirty = true;
    return baseOffset;
  }

  private segmentHolding(offset: number): LogSegment | undefined {
    let found: LogSegment | undefined;
    for (const segment of this.segments) {
      if (segment.baseOffset > offset) break;
      found = segment;
    }
    return found;
  }

  read(offset: number, maxBytes: number): Buffer[] {
    if (offset >= this.nextOffset) return [];
    let segment = this.segmentHolding(offset);
    // An offset at the very end of a closed segment lives in the next one.
    while (segment && offset >= segment.nextOffset) segment = this.segments[this.segments.indexOf(segment) + 1];
    return segment ? segment.read(offset, maxBytes) : [];
  }

  offsetForTimestamp(timestamp: number): OffsetAtTime | null {
    for (const segment of this.segments) {
      const batch = segment.batchAtOrAfter(timestamp);
      if (batch) return { offset: firstOffsetAtOrAfter(batch, timestamp), timestamp: readBatchHeader(batch).maxTimestamp };
    }
    return null;
  }

  takeRecoveredBatches(): readonly BatchHeader[] {
    const batches = this.recovered;
    this.recovered = [];
    return batches;
  }

  enforceRetention(now: number): void {
    let total = this.sizeBytes;
    while (this.segments.length > 1) {
      const oldest = this.segments[0];
      const tooOld = this.options.retentionMs >= 0 && now - oldest.lastWriteAt > this.options.retentionMs;
      const tooBig = this.options.retentionBytes >= 0 && total - oldest.size >= this.options.retentionBytes && total > this.options.retentionBytes;
      if (!tooOld && !tooBig) break;
      total -= oldest.size;
      oldest.delete();
      this.segments.shift();
    }
  }

  flush(): void {
    if (!this.dirty) return;
    this.dirty = false;
    this.active.flush();
  }

  close(): void {
    for (const segment of this.segments) segment.close();
  }
}
