// Types for the kafkajs internals that tests use as a byte-exact oracle (never at run time).
declare module 'kafkajs/src/protocol/recordBatch/crc32C' {
  const crc32C: (buffer: Buffer) => number;
  export = crc32C;
}

declare module 'kafkajs/src/protocol/encoder' {
  class Encoder {
    buffer: Buffer;
    writeInt8(value: number): Encoder;
    writeInt16(value: number): Encoder;
    writeInt32(value: number): Encoder;
    writeString(value: string | null): Encoder;
    writeEncoder(value: Encoder): Encoder;
    size(): number;
  }
  export = Encoder;
}

declare module 'kafkajs/src/protocol/request' {
  interface KafkajsRequest {
    apiKey: number;
    apiVersion: number;
    encode(): Promise<{ buffer: Buffer }> | { buffer: Buffer };
  }
  const encodeRequest: (options: { correlationId: number; clientId: string; request: KafkajsRequest }) => Promise<{ buffer: Buffer }>;
  export = encodeRequest;
}

declare module 'kafkajs/src/protocol/requests/produce/v7/request' {
  import { type KafkajsRequest } from 'kafkajs/src/protocol/request';
  const produceRequest: (options: {
    acks: number;
    timeout: number;
    transactionalId?: string | null;
    producerId?: unknown;
    producerEpoch?: number;
    compression?: number;
    topicData: { topic: string; partitions: { partition: number; firstSequence?: number; messages: { key?: string; value: string; timestamp?: number }[] }[] }[];
  }) => KafkajsRequest;
  export = produceRequest;
}

declare module 'kafkajs/src/protocol/requests/produce/v7/response' {
  export const decode: (raw: Buffer) => Promise<{ topics: { topicName: string; partitions: { partition: number; errorCode: number; baseOffset: string }[] }[] }>;
}

declare module 'kafkajs/src/utils/long' {
  const Long: { fromNumber(value: number): unknown; fromInt(value: number): unknown };
  export = Long;
}

declare module 'kafkajs/src/protocol/recordBatch/v0' {
  export const RecordBatch: (options: {
    compression?: number;
    firstTimestamp?: number;
    maxTimestamp?: number;
    lastOffsetDelta?: number;
    producerId?: unknown;
    producerEpoch?: number;
    firstSequence?: number;
    records: unknown[];
  }) => Promise<{ buffer: Buffer }>;
}

declare module 'kafkajs/src/protocol/recordBatch/record/v0' {
  const Record: (options: { offsetDelta: number; timestampDelta: number; key?: string | null; value: string }) => unknown;
  export = Record;
}

declare module 'kafkajs/src/protocol/requests/fetch/v11/response' {
  export const decode: (raw: Buffer) => Promise<{
    errorCode: number;
    responses: { topicName: string; partitions: { partition: number; errorCode: number; highWatermark: string; messages: { offset: string; value: Buffer | null }[] }[] }[];
  }>;
}
