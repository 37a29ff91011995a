/**
 * Builds a response as a list of chunks: primitives go into a growing scratch buffer, large
 * payloads (record batches) are appended by reference so fetch responses are not copied.
 */
export class ProtocolWriter {
  private readonly chunks: Buffer[] = [];
  private scratch: Buffer;
  private used = 0;
  private flushedLength = 0;

  constructor(initialSize = 256) {
    this.scratch = Buffer.allocUnsafe(initialSize);
  }

  get length(): number {
    return this.flushedLength + this.used;
  }

  private ensure(size: number): void {
    if (this.used + size <= this.scratch.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.scratch.length * 2, this.used + size));
    this.scratch.copy(grown, 0, 0, this.used);
    this.scratch = grown;
  }

  int8(value: number): this {
    this.ensure(1);
    this.scratch.writeInt8(value, this.used);
    this.used += 1;
    return this;
  }

  bool(value: boolean): this {
    return this.int8(value ? 1 : 0);
  }

  int16(value: number): this {
    this.ensure(2);
    this.scratch.writeInt16BE(value, this.used);
    this.used += 2;
    return this;
  }

  int32(value: number): this {
    this.ensure(4);
    this.scratch.writeInt32BE(value, this.used);
    this.used += 4;
    return this;
  }

  int64(value: number): this {
    this.ensure(8);
    const high = Math.floor(value / 4294967296);
    this.scratch.writeInt32BE(high, this.used);
    this.scratch.writeUInt32BE(value - high * 4294967296, this.used + 4);
    this.used += 8;
    return this;
  }

  nullableString(value: string | null): this {
    if (value === null) return this.int16(-1);
    const size = Buffer.byteLength(value);
    this.int16(size);
    this.ensure(size);
    this.scratch.write(value, this.used, 'utf8');
    this.used += size;
    return this;
  }

  string(value: string): this {
    return this.nullableString(value);
  }

  nullableBytes(value: Buffer | null): this {
    if (value === null) return this.int32(-1);
    this.int32(value.length);
    return this.raw(value);
  }

  bytes(value: Buffer): this {
    return this.nullableBytes(value);
  }

  /** Appends bytes; large buffers are kept by reference (the caller must not mutate them). */
  raw(value: Buffer): this {
    if (value.length < 1024) {
      this.ensure(value.length);
      value.copy(this.scratch, this.used);
      this.used += value.length;
      return this;
    }
    this.flushScratch();
    this.chunks.push(value);
    this.flushedLength += value.length;
    return this;
  }

  array<T>(items: readonly T[], writeItem: (writer: this, item: T, index: number) => void): this {
    this.int32(items.length);
    for (let index = 0; index < items.length; index++) writeItem(this, items[index], index);
    return this;
  }

  nullableArray<T>(items: readonly T[] | null, writeItem: (writer: this, item: T, index: number) => void): this {
    if (items === null) return this.int32(-1);
    return this.array(items, writeItem);
  }

  private flushScratch(): void {
    if (this.used === 0) return;
    this.chunks.push(this.scratch.subarray(0, this.used));
    this.flushedLength += this.used;
    this.scratch = this.scratch.subarray(this.used);
    this.used = 0;
    if (this.scratch.length < 64) this.scratch = Buffer.allocUnsafe(256);
  }

  toChunks(): Buffer[] {
    this.flushScratch();
    return this.chunks;
  }

  toBuffer(): Buffer {
    const chunks = this.toChunks();
    return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, this.flushedLength);
  }
}
