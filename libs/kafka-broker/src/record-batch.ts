import { crc32c } from './crc32c';
import { ErrorCode } from './error-codes';
import { ProtocolReader } from './protocol-reader';

// Record batch v2 layout (KIP-98). Offsets of the header fields:
export const BATCH_HEADER_SIZE = 61;
const BASE_OFFSET = 0;
const BATCH_LENGTH = 8;
const MAGIC = 16;
const CRC = 17;
const ATTRIBUTES = 21;
const LAST_OFFSET_DELTA = 23;
const FIRST_TIMESTAMP = 27;
const MAX_TIMESTAMP = 35;
const PRODUCER_ID = 43;
const PRODUCER_EPOCH = 51;
const BASE_SEQUENCE = 53;
const RECORD_COUNT = 57;
/** Bytes counted by batchLength start after baseOffset and batchLength themselves. */
const BATCH_LENGTH_OVERHEAD = 12;

const enum CompressionCodec {
  None = 0,
  Gzip = 1,
  Snappy = 2,
  Lz4 = 3,
  Zstd = 4,
}

export interface BatchHeader {
  readonly baseOffset: number;
  /** Whole batch size in bytes, including baseOffset and batchLength. */
  readonly size: number;
  readonly attributes: number;
  readonly lastOffsetDelta: number;
  readonly firstTimestamp: number;
  readonly maxTimestamp: number;
  readonly producerId: number;
  readonly producerEpoch: number;
  readonly baseSequence: number;
  readonly recordCount: number;
}

function readInt64(buffer: Buffer, at: number): number {
  return buffer.readInt32BE(at) * 4294967296 + buffer.readUInt32BE(at + 4);
}

function writeInt64(buffer: Buffer, at: number, value: number): void {
  const high = Math.floor(value / 4294967296);
  buffer.writeInt32BE(high, at);
  buffer.writeUInt32BE(value - high * 4294967296, at + 4);
}

/** Size of the batch starting at `at`, or -1 when fewer than 12 bytes are there. */
export function batchSizeAt(buffer: Buffer, at: number): number {
  if (buffer.length - at < BATCH_LENGTH_OVERHEAD) return -1;
  return buffer.readInt32BE(at + BATCH_LENGTH) + BATCH_LENGTH_OVERHEAD;
}

export function readBatchHeader(buffer: Buffer, at = 0): BatchHeader {
  return {
    baseOffset: readInt64(buffer, at + BASE_OFFSET),
    size: buffer.readInt32BE(at + BATCH_LENGTH) + BATCH_LENGTH_OVERHEAD,
    attributes: buffer.readInt16BE(at + ATTRIBUTES),
    lastOffsetDelta: buffer.readInt32BE(at + LAST_OFFSET_DELTA),
    firstTimestamp: readInt64(buffer, at + FIRST_TIMESTAMP),
    maxTimestamp: readInt64(buffer, at + MAX_TIMESTAMP),
    producerId: readInt64(buffer, at + PRODUCER_ID),
    producerEpoch: buffer.readInt16BE(at + PRODUCER_EPOCH),
    baseSequence: buffer.readInt32BE(at + BASE_SEQUENCE),
    recordCount: buffer.readInt32BE(at + RECORD_COUNT),
  };
}

function compressionOf(attributes: number): number {
  return attributes & 0x07;
}

function isTransactional(attributes: number): boolean {
  return (attributes & 0x10) !== 0;
}

/** The base offset is outside the CRC, so it can be rewritten without touching the rest. */
export function setBaseOffset(buffer: Buffer, at: number, baseOffset: number): void {
  writeInt64(buffer, at + BASE_OFFSET, baseOffset);
}

/** True when the batch at `at` (of `size` bytes) is magic 2 with a matching CRC-32C. */
export function isIntactBatch(buffer: Buffer, at: number, size: number): boolean {
  if (size < BATCH_HEADER_SIZE || at + size > buffer.length) return false;
  if (buffer.readInt8(at + MAGIC) !== 2) return false;
  return buffer.readUInt32BE(at + CRC) === crc32c(buffer, at + ATTRIBUTES, at + size);
}

export interface ValidatedBatch {
  readonly header: BatchHeader;
  readonly bytes: Buffer;
}

export type BatchValidation = { ok: true; batches: ValidatedBatch[] } | { ok: false; errorCode: ErrorCode };

/**
 * Splits a Produce request's records field into batches and checks each: magic 2, CRC-32C,
 * sane counts, a known codec (zstd only from Produce v7, as Kafka does).
 */
export function validateProducedRecords(records: Buffer, produceVersion: number): BatchValidation {
  const batches: ValidatedBatch[] = [];
  let at = 0;
  while (at < records.length) {
    const size = batchSizeAt(records, at);
    if (size < BATCH_HEADER_SIZE || at + size > records.length) return { ok: false, errorCode: ErrorCode.CORRUPT_MESSAGE };
    if (records.readInt8(at + MAGIC) !== 2) return { ok: false, errorCode: ErrorCode.INVALID_RECORD };
    if (!isIntactBatch(records, at, size)) return { ok: false, errorCode: ErrorCode.CORRUPT_MESSAGE };
    const header = readBatchHeader(records, at);
    const codec = compressionOf(header.attributes);
    if (codec > CompressionCodec.Zstd || (codec === CompressionCodec.Zstd && produceVersion < 7)) {
      return { ok: false, errorCode: ErrorCode.UNSUPPORTED_COMPRESSION_TYPE };
    }
    if (header.recordCount <= 0 || header.lastOffsetDelta !== header.recordCount - 1) return { ok: false, errorCode: ErrorCode.INVALID_RECORD };
    if (isTransactional(header.attributes) || (header.attributes & 0x20) !== 0) return { ok: false, errorCode: ErrorCode.INVALID_RECORD };
    batches.push({ header, bytes: records.subarray(at, at + size) });
    at += size;
  }
  if (batches.length === 0) return { ok: false, errorCode: ErrorCode.INVALID_RECORD };
  return { ok: true, batches };
}

/**
 * First offset in an uncompressed batch whose record timestamp is >= `timestamp`
 * (walks the records' varint headers); for compressed batches, the batch's base offset.
 */
export function firstOffsetAtOrAfter(batch: Buffer, timestamp: number): number {
  const header = readBatchHeader(batch);
  if (compressionOf(header.attributes) !== CompressionCodec.None) return header.baseOffset;
  const records = new ProtocolReader(batch, BATCH_HEADER_SIZE);
  try {
    for (let i = 0; i < header.recordCount; i++) {
      const length = records.varint();
      const bodyEnd = records.offset + length;
      records.int8(); // record attributes
      const timestampDelta = records.varint();
      const offsetDelta = records.varint();
      if (header.firstTimestamp + timestampDelta >= timestamp) return header.baseOffset + offsetDelta;
      records.skip(bodyEnd - records.offset);
    }
  } catch {
    // A malformed record body cannot be located more precisely than its batch.
  }
  return header.baseOffset;
}
