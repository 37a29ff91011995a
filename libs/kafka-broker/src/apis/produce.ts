import { type BrokerCore } from '../broker-core';
import { ErrorCode } from '../error-codes';
import { type PartitionLog } from '../partition-log';
import { ProtocolWriter } from '../protocol-writer';
import { validateProducedRecords } from '../record-batch';
import { partitionKey } from '../topic-registry';
import { type ApiHandler } from './api-handler';

interface PartitionResult {
  readonly index: number;
  readonly errorCode: ErrorCode;
  readonly baseOffset: number;
  readonly logStartOffset: number;
}

interface AppendOutcome extends PartitionResult {
  readonly log?: PartitionLog;
  readonly appendedBytes: number;
}

function appendToPartition(core: BrokerCore, topicName: string, index: number, records: Buffer | null, version: number): AppendOutcome {
  const failed = (errorCode: ErrorCode, log?: PartitionLog): AppendOutcome => ({ index, errorCode, baseOffset: -1, logStartOffset: log?.logStartOffset ?? -1, appendedBytes: 0 });
  const topic = core.topics.resolve(topicName, true);
  if (typeof topic === 'number') return failed(topic === ErrorCode.INVALID_TOPIC_EXCEPTION ? topic : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  const log = topic.partitions[index];
  if (!log) return failed(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  if (!records) return failed(ErrorCode.CORRUPT_MESSAGE, log);
  const validation = validateProducedRecords(records, version);
  if (!validation.ok) return failed(validation.errorCode, log);
  const key = partitionKey(topicName, index);
  let firstOffset = -1;
  let appendedBytes = 0;
  for (const { header, bytes } of validation.batches) {
    const verdict = core.producers.check(key, header);
    if (verdict.kind === 'reject') return failed(verdict.errorCode, log);
    // A retried batch (same producer, epoch and sequences) gets its original offset back.
    const baseOffset = verdict.kind === 'duplicate' ? verdict.baseOffset : log.append(bytes, header);
    if (verdict.kind === 'append') {
      core.producers.record(key, header, baseOffset);
      appendedBytes += bytes.length;
    }
    if (firstOffset < 0) firstOffset = baseOffset;
  }
  return { index, errorCode: ErrorCode.NONE, baseOffset: firstOffset, logStartOffset: log.logStartOffset, log, appendedBytes };
}

/** Produce v3-7 (record batch v2 only). acks=0 gets no response, as the protocol says. */
export const handleProduce: ApiHandler = (core, request) => {
  const { body, version } = request;
  body.nullableString(); // transactional id: transactions are not supported, batches are checked instead
  const acks = body.int16();
  body.int32(); // timeout: a single node has no replicas to wait for
  const topics = body.array((r) => ({ name: r.string(), partitions: r.array((p) => ({ index: p.int32(), records: p.nullableBytes() })) }));
  const validAcks = acks === -1 || acks === 0 || acks === 1;
  const results = topics.map((topic) => ({
    name: topic.name,
    partitions: topic.partitions.map((partition) =>
      validAcks
        ? appendToPartition(core, topic.name, partition.index, partition.records, version)
        : { index: partition.index, errorCode: ErrorCode.INVALID_REQUIRED_ACKS, baseOffset: -1, logStartOffset: -1, appendedBytes: 0 },
    ),
  }));
  for (const topic of results) {
    for (const partition of topic.partitions) {
      core.noteError(request.apiKey, partition.errorCode);
      if ('log' in partition && partition.log && partition.appendedBytes > 0) {
        if (core.settings.fsync === 'always') partition.log.flush();
        core.topics.notifyAppend(topic.name, partition.index, partition.appendedBytes);
      }
    }
  }
  if (acks === 0) return null;
  const writer = new ProtocolWriter(64 + results.length * 64);
  writer.array(results, (w, topic) => {
    w.string(topic.name);
    w.array(topic.partitions, (pw, partition: PartitionResult) => {
      pw.int32(partition.index).int16(partition.errorCode).int64(partition.baseOffset).int64(-1);
      if (version >= 5) pw.int64(partition.logStartOffset);
    });
  });
  writer.int32(0);
  return writer;
};
