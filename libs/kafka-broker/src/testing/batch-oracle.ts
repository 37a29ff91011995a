// Record batches encoded by kafkajs's own encoder: an independent oracle for the broker's codec.
import Long from 'kafkajs/src/utils/long';
import Record from 'kafkajs/src/protocol/recordBatch/record/v0';
import { RecordBatch } from 'kafkajs/src/protocol/recordBatch/v0';

export interface BatchSpec {
  readonly values: readonly string[];
  readonly timestamps?: readonly number[];
  readonly producerId?: number;
  readonly producerEpoch?: number;
  readonly firstSequence?: number;
  /** kafkajs CompressionTypes: 0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd. */
  readonly compression?: number;
}

export async function encodeBatch(spec: BatchSpec): Promise<Buffer> {
  const timestamps = spec.timestamps ?? spec.values.map(() => Date.now());
  const firstTimestamp = Math.min(...timestamps);
  const records = spec.values.map((value, i) => Record({ offsetDelta: i, timestampDelta: timestamps[i] - firstTimestamp, key: null, value }));
  const encoded = await RecordBatch({
    compression: spec.compression ?? 0,
    firstTimestamp,
    maxTimestamp: Math.max(...timestamps),
    lastOffsetDelta: records.length - 1,
    producerId: Long.fromNumber(spec.producerId ?? -1),
    producerEpoch: spec.producerEpoch ?? 0,
    firstSequence: spec.firstSequence ?? 0,
    records,
  });
  return Buffer.from(encoded.buffer);
}
