import { ProtocolError } from './protocol-error';

/** Reads Kafka's big-endian primitive types from a frame; every read is bounds-checked. */
export class ProtocolReader {
  private position: number;

  constructor(
    private readonly buffer: Buffer,
    start = 0,
    private readonly end = buffer.length,
  ) {
    this.position = start;
  }

  get offset(): number {
    return this.position;
  }

  remaining(): number {
    return this.end - this.position;
  }

  private take(size: number): number {
    const at = this.position;
    if (size < 0 || at + size > this.end) throw new ProtocolError(`truncated request: need ${size} bytes at ${at}, have ${this.end - at}`);
    this.position = at + size;
    return at;
  }

  int8(): number {
    return this.buffer.readInt8(this.take(1));
  }

  bool(): boolean {
    return this.int8() !== 0;
  }

  int16(): number {
    return this.buffer.readInt16BE(this.take(2));
  }

  int32(): number {
    return this.buffer.readInt32BE(this.take(4));
  }

  /** int64 as a JS number: offsets, timestamps and producer ids stay far below 2^53. */
  int64(): number {
    const at = this.take(8);
    return this.buffer.readInt32BE(at) * 4294967296 + this.buffer.readUInt32BE(at + 4);
  }

  nullableString(): string | null {
    const length = this.int16();
    if (length < 0) return null;
    const at = this.take(length);
    return this.buffer.toString('utf8', at, at + length);
  }

  /** Some clients send null where the schema says string; treat it as empty rather than fail. */
  string(): string {
    return this.nullableString() ?? '';
  }

  nullableBytes(): Buffer | null {
    const length = this.int32();
    if (length < 0) return null;
    const at = this.take(length);
    return this.buffer.subarray(at, at + length);
  }

  bytes(): Buffer {
    return this.nullableBytes() ?? Buffer.alloc(0);
  }

  nullableArray<T>(readItem: (reader: ProtocolReader) => T): T[] | null {
    const count = this.int32();
    if (count < 0) return null;
    // Every element of every array in our schemas takes at least one byte: a cheap guard
    // against a forged count that would allocate gigabytes.
    if (count > this.remaining()) throw new ProtocolError(`array count ${count} exceeds remaining ${this.remaining()} bytes`);
    const items: T[] = new Array<T>(count);
    for (let i = 0; i < count; i++) items[i] = readItem(this);
    return items;
  }

  array<T>(readItem: (reader: ProtocolReader) => T): T[] {
    return this.nullableArray(readItem) ?? [];
  }

  /** Unsigned varint (protobuf style), used by flexible headers and records. */
  uvarint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = this.buffer.readUInt8(this.take(1));
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7;
      if (shift > 63) throw new ProtocolError('varint too long');
    }
  }

  /** Zig-zag signed varint. */
  varint(): number {
    const raw = this.uvarint();
    return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
  }

  skip(size: number): void {
    this.take(size);
  }
}
