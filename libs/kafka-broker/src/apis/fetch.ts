import { type BrokerCore } from '../broker-core';
import { ErrorCode } from '../error-codes';
import { ProtocolWriter } from '../protocol-writer';
import { partitionKey } from '../topic-registry';
import { type ApiHandler } from './api-handler';

interface FetchPartition {
  readonly partition: number;
  readonly fetchOffset: number;
  readonly maxBytes: number;
}

interface FetchTopic {
  readonly topic: string;
  readonly partitions: FetchPartition[];
}

interface PartitionData {
  readonly partition: number;
  readonly errorCode: ErrorCode;
  readonly highWatermark: number;
  readonly logStartOffset: number;
  readonly batches: Buffer[];
  readonly size: number;
}

interface FetchResult {
  readonly topics: { readonly topic: string; readonly partitions: PartitionData[] }[];
  readonly bytes: number;
  readonly failed: boolean;
}

function readAll(core: BrokerCore, topics: readonly FetchTopic[], maxBytes: number): FetchResult {
  let budget = maxBytes;
  let bytes = 0;
  let failed = false;
  const result = topics.map(({ topic, partitions }) => ({
    topic,
    partitions: partitions.map((request): PartitionData => {
      const log = core.topics.get(topic)?.partitions[request.partition];
      const empty = { partition: request.partition, batches: [], size: 0 };
      if (!log) {
        failed = true;
        return { ...empty, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, highWatermark: -1, logStartOffset: -1 };
      }
      const position = { highWatermark: log.nextOffset, logStartOffset: log.logStartOffset };
      if (request.fetchOffset < log.logStartOffset || request.fetchOffset > log.nextOffset) {
        failed = true;
        return { ...empty, ...position, errorCode: ErrorCode.OFFSET_OUT_OF_RANGE };
      }
      if (request.fetchOffset === log.nextOffset || (bytes > 0 && budget <= 0)) return { ...empty, ...position, errorCode: ErrorCode.NONE };
      const batches = log.read(request.fetchOffset, Math.min(request.maxBytes, Math.max(budget, 1)));
      const size = batches.reduce((sum, batch) => sum + batch.length, 0);
      // KIP-74: only the first non-empty partition may exceed the limits (so progress is always possible).
      if (bytes > 0 && size > budget) return { ...empty, ...position, errorCode: ErrorCode.NONE };
      bytes += size;
      budget -= size;
      return { ...position, partition: request.partition, errorCode: ErrorCode.NONE, batches, size };
    }),
  }));
  return { topics: result, bytes, failed };
}

function encode(core: BrokerCore, apiKey: number, version: number, result: FetchResult): ProtocolWriter {
  const writer = new ProtocolWriter(256);
  writer.int32(0);
  if (version >= 7) writer.int16(ErrorCode.NONE).int32(0);
  writer.array(result.topics, (w, topic) => {
    w.string(topic.topic);
    w.array(topic.partitions, (pw, partition) => {
      core.noteError(apiKey, partition.errorCode);
      pw.int32(partition.partition).int16(partition.errorCode).int64(partition.highWatermark);
      pw.int64(partition.highWatermark); // last stable offset: no transactions, so the high watermark
      if (version >= 5) pw.int64(partition.logStartOffset);
      pw.int32(0); // aborted transactions: none
      if (version >= 11) pw.int32(-1);
      pw.int32(partition.size);
      for (const batch of partition.batches) pw.raw(batch);
    });
  });
  return writer;
}

/**
 * Fetch v4-11 without fetch sessions. Long poll: waits up to max_wait_ms until min_bytes are
 * available in the requested partitions (woken by appends), then answers whole batches.
 */
export const handleFetch: ApiHandler = (core, request) => {
  const { body, version } = request;
  body.int32(); // replica id
  const maxWaitMs = body.int32();
  const minBytes = body.int32();
  const maxBytes = body.int32();
  body.int8(); // isolation level: every record is committed (no transactions)
  if (version >= 7) {
    body.int32(); // session id
    body.int32(); // session epoch
  }
  const topics: FetchTopic[] = body.array((r) => ({
    topic: r.string(),
    partitions: r.array((p) => {
      const partition = p.int32();
      if (version >= 9) p.int32(); // current leader epoch
      const fetchOffset = p.int64();
      if (version >= 5) p.int64(); // follower log start offset
      return { partition, fetchOffset, maxBytes: p.int32() };
    }),
  }));
  if (version >= 7) body.array((r) => ({ topic: r.string(), partitions: r.array((p) => p.int32()) }));
  if (version >= 11) body.string(); // rack id

  const first = readAll(core, topics, maxBytes);
  if (first.bytes >= minBytes || maxWaitMs <= 0 || first.failed) return encode(core, request.apiKey, version, first);

  const watched = new Set(topics.flatMap(({ topic, partitions }) => partitions.map((p) => partitionKey(topic, p.partition))));
  return new Promise((resolve) => {
    let arrived = first.bytes;
    let settled = false;
    const finish = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      unsubscribe();
      request.connection.closed.removeEventListener('abort', finish);
      resolve(request.connection.closed.aborted ? null : encode(core, request.apiKey, version, readAll(core, topics, maxBytes)));
    };
    const timer = setTimeout(finish, maxWaitMs);
    const unsubscribe = core.topics.onAppend((topic, partition, bytes) => {
      if (!watched.has(partitionKey(topic, partition))) return;
      arrived += bytes;
      if (arrived >= minBytes) setImmediate(finish);
    });
    request.connection.closed.addEventListener('abort', finish);
  });
};
