import * as fs from 'node:fs';
import * as path from 'node:path';
import { BATCH_HEADER_SIZE, type BatchHeader, batchSizeAt, isIntactBatch, readBatchHeader } from './record-batch';

/** Sparse index entry on disk: relative offset int32, position int32, max timestamp so far int64. */
const INDEX_ENTRY_SIZE = 16;

export interface SegmentRecovery {
  readonly truncatedBytes: number;
  readonly batches: BatchHeader[];
}

/**
 * One `<baseOffset>.log` file of back-to-back record batches and its sparse `<baseOffset>.index`.
 * Files are only appended to; recovery truncates a torn tail.
 */
export class LogSegment {
  nextOffset: number;
  size: number;
  maxTimestamp = -1;
  lastWriteAt: number;
  /** When the segment file was started: time retention also rolls the active segment. */
  createdAt: number;
  private readonly indexOffsets: number[] = [];
  private readonly indexPositions: number[] = [];
  private readonly indexTimestamps: number[] = [];
  private lastIndexedPosition = -Infinity;
  private logFd: number;
  private indexFd: number;

  private constructor(
    readonly directory: string,
    readonly baseOffset: number,
    private readonly indexIntervalBytes: number,
  ) {
    this.nextOffset = baseOffset;
    this.logFd = fs.openSync(this.logPath, 'a+');
    this.indexFd = fs.openSync(this.indexPath, 'a+');
    const stat = fs.fstatSync(this.logFd);
    this.size = stat.size;
    this.lastWriteAt = stat.mtimeMs;
    this.createdAt = stat.birthtimeMs > 0 ? stat.birthtimeMs : stat.ctimeMs;
  }

  static fileName(baseOffset: number, extension: string): string {
    return `${String(baseOffset).padStart(20, '0')}${extension}`;
  }

  get logPath(): string {
    return path.join(this.directory, LogSegment.fileName(this.baseOffset, '.log'));
  }

  get indexPath(): string {
    return path.join(this.directory, LogSegment.fileName(this.baseOffset, '.index'));
  }

  static create(directory: string, baseOffset: number, indexIntervalBytes: number): LogSegment {
    const segment = new LogSegment(directory, baseOffset, indexIntervalBytes);
    segment.lastWriteAt = Date.now();
    segment.createdAt = segment.lastWriteAt;
    return segment;
  }

  /** A closed segment: trusts its index when sane, otherwise rebuilds it by scanning. */
  static openClosed(directory: string, baseOffset: number, nextOffset: number, indexIntervalBytes: number): LogSegment {
    const segment = new LogSegment(directory, baseOffset, indexIntervalBytes);
    if (!segment.loadIndex()) segment.scanAndTruncate();
    segment.nextOffset = nextOffset;
    return segment;
  }

  /** The active (last) segment: every batch is checked and a torn or corrupt tail is cut off. */
  static openActive(directory: string, baseOffset: number, indexIntervalBytes: number): { segment: LogSegment; recovery: SegmentRecovery } {
    const segment = new LogSegment(directory, baseOffset, indexIntervalBytes);
    const recovery = segment.scanAndTruncate();
    return { segment, recovery };
  }

  private loadIndex(): boolean {
    const raw = fs.readFileSync(this.indexPath);
    if (raw.length % INDEX_ENTRY_SIZE !== 0 || (raw.length === 0 && this.size > 0)) return false;
    let previousPosition = -1;
    for (let at = 0; at < raw.length; at += INDEX_ENTRY_SIZE) {
      const position = raw.readInt32BE(at + 4);
      if (position <= previousPosition || position >= this.size) return false;
      this.indexOffsets.push(this.baseOffset + raw.readInt32BE(at));
      this.indexPositions.push(position);
      this.indexTimestamps.push(Number(raw.readBigInt64BE(at + 8)));
      previousPosition = position;
    }
    this.lastIndexedPosition = previousPosition;
    this.maxTimestamp = this.indexTimestamps.at(-1) ?? -1;
    return true;
  }

  private scanAndTruncate(): SegmentRecovery {
    const batches: BatchHeader[] = [];
    const fileSize = this.size;
    let position = 0;
    let expectedOffset = this.baseOffset;
    const header = Buffer.alloc(BATCH_HEADER_SIZE);
    this.indexOffsets.length = 0;
    this.indexPositions.length = 0;
    this.indexTimestamps.length = 0;
    this.lastIndexedPosition = -Infinity;
    while (position + BATCH_HEADER_SIZE <= fileSize) {
      fs.readSync(this.logFd, header, 0, BATCH_HEADER_SIZE, position);
      const size = batchSizeAt(header, 0);
      if (size < BATCH_HEADER_SIZE || position + size > fileSize) break;
      const batch = Buffer.allocUnsafe(size);
      fs.readSync(this.logFd, batch, 0, size, position);
      if (!isIntactBatch(batch, 0, size)) break;
      const parsed = readBatchHeader(batch);
      if (parsed.baseOffset !== expectedOffset) break;
      batches.push(parsed);
      this.noteBatch(parsed, position, false);
      expectedOffset = parsed.baseOffset + parsed.lastOffsetDelta + 1;
      position += size;
    }
    this.nextOffset = expectedOffset;
    const truncatedBytes = fileSize - position;
    if (truncatedBytes > 0) fs.ftruncateSync(this.logFd, position);
    this.size = position;
    this.rewriteIndex();
    return { truncatedBytes, batches };
  }

  private rewriteIndex(): void {
    const raw = Buffer.alloc(this.indexOffsets.length * INDEX_ENTRY_SIZE);
    this.indexOffsets.forEach((offset, i) => {
      raw.writeInt32BE(offset - this.baseOffset, i * INDEX_ENTRY_SIZE);
      raw.writeInt32BE(this.indexPositions[i], i * INDEX_ENTRY_SIZE + 4);
      raw.writeBigInt64BE(BigInt(this.indexTimestamps[i]), i * INDEX_ENTRY_SIZE + 8);
    });
    fs.ftruncateSync(this.indexFd, 0);
    if (raw.length > 0) fs.writeSync(this.indexFd, raw, 0, raw.length, 0);
  }

  private noteBatch(header: BatchHeader, position: number, persist: boolean): void {
    this.maxTimestamp = Math.max(this.maxTimestamp, header.maxTimestamp);
    if (position - this.lastIndexedPosition < this.indexIntervalBytes) return;
    this.indexOffsets.push(header.baseOffset);
    this.indexPositions.push(position);
    this.indexTimestamps.push(this.maxTimestamp);
    this.lastIndexedPosition = position;
    if (!persist) return;
    const entry = Buffer.alloc(INDEX_ENTRY_SIZE);
    entry.writeInt32BE(header.baseOffset - this.baseOffset, 0);
    entry.writeInt32BE(position, 4);
    entry.writeBigInt64BE(BigInt(this.maxTimestamp), 8);
    fs.writeSync(this.indexFd, entry);
  }

  /** Appends a batch whose base offset is already set to `nextOffset`. */
  append(batch: Buffer, header: BatchHeader): void {
    const position = this.size;
    fs.writeSync(this.logFd, batch, 0, batch.length, position);
    this.size += batch.length;
    this.nextOffset = header.baseOffset + header.lastOffsetDelta + 1;
    this.lastWriteAt = Date.now();
    this.noteBatch(header, position, true);
  }

  private floorIndex(values: number[], target: number): number {
    let low = 0;
    let high = values.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      if (values[mid] <= target) {
        found = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    return found;
  }

  private readHeaderAt(position: number, scratch: Buffer): BatchHeader | null {
    if (position + BATCH_HEADER_SIZE > this.size) return null;
    fs.readSync(this.logFd, scratch, 0, BATCH_HEADER_SIZE, position);
    return readBatchHeader(scratch);
  }

  /** Position of the batch holding `offset`, or -1. */
  private positionOf(offset: number): number {
    const entry = this.floorIndex(this.indexOffsets, offset);
    let position = entry >= 0 ? this.indexPositions[entry] : 0;
    const scratch = Buffer.allocUnsafe(BATCH_HEADER_SIZE);
    for (;;) {
      const header = this.readHeaderAt(position, scratch);
      if (!header) return -1;
      if (header.baseOffset + header.lastOffsetDelta >= offset) return position;
      position += header.size;
    }
  }

  read(offset: number, maxBytes: number): Buffer[] {
    const start = this.positionOf(offset);
    if (start < 0) return [];
    const length = Math.min(Math.max(maxBytes, BATCH_HEADER_SIZE), this.size - start);
    let block = Buffer.allocUnsafe(length);
    fs.readSync(this.logFd, block, 0, length, start);
    const firstSize = batchSizeAt(block, 0);
    if (firstSize > block.length) {
      block = Buffer.allocUnsafe(firstSize);
      fs.readSync(this.logFd, block, 0, firstSize, start);
      return [block];
    }
    let end = 0;
    for (;;) {
      const size = batchSizeAt(block, end);
      if (size < 0 || end + size > block.length) break;
      end += size;
    }
    return [block.subarray(0, end)];
  }

  /** First batch (as bytes) whose max timestamp is >= `timestamp`, or null. */
  batchAtOrAfter(timestamp: number): Buffer | null {
    // Index timestamps are running maxima (non-decreasing) and whole milliseconds: the last entry
    // below `timestamp` is the floor of `timestamp - 1`.
    const entry = this.floorIndex(this.indexTimestamps, timestamp - 1);
    let position = entry >= 0 ? this.indexPositions[entry] : 0;
    const scratch = Buffer.allocUnsafe(BATCH_HEADER_SIZE);
    for (;;) {
      const header = this.readHeaderAt(position, scratch);
      if (!header) return null;
      if (header.maxTimestamp >= timestamp) {
        const batch = Buffer.allocUnsafe(header.size);
        fs.readSync(this.logFd, batch, 0, header.size, position);
        return batch;
      }
      position += header.size;
    }
  }

  flush(): void {
    fs.fsyncSync(this.logFd);
    fs.fsyncSync(this.indexFd);
  }

  close(): void {
    if (this.logFd >= 0) fs.closeSync(this.logFd);
    if (this.indexFd >= 0) fs.closeSync(this.indexFd);
    this.logFd = -1;
    this.indexFd = -1;
  }

  delete(): void {
    this.close();
    fs.rmSync(this.logPath, { force: true });
    fs.rmSync(this.indexPath, { force: true });
  }
}
