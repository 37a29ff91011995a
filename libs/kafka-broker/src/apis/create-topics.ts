import { ErrorCode } from '../error-codes';
import { ProtocolWriter } from '../protocol-writer';
import { type ApiHandler } from './api-handler';

const MESSAGES: Partial<Record<ErrorCode, string>> = {
  [ErrorCode.TOPIC_ALREADY_EXISTS]: 'Topic already exists',
  [ErrorCode.INVALID_PARTITIONS]: 'Number of partitions must be at least 1',
  [ErrorCode.INVALID_REPLICATION_FACTOR]: 'A single-node broker supports replication factor 1 only',
  [ErrorCode.INVALID_TOPIC_EXCEPTION]: 'Topic names use [a-zA-Z0-9._-], at most 249 characters',
  [ErrorCode.INVALID_CONFIG]: 'Invalid topic config value',
  [ErrorCode.INVALID_REPLICA_ASSIGNMENT]: 'Replica assignments may name this broker only',
};

/** CreateTopics v0-3 (partition count or explicit assignments, validate-only from v1). */
export const handleCreateTopics: ApiHandler = (core, request) => {
  const { body, version } = request;
  const topics = body.array((r) => ({
    name: r.string(),
    partitions: r.int32(),
    replicationFactor: r.int16(),
    assignments: r.array((a) => ({ partition: a.int32(), brokers: a.array((b) => b.int32()) })),
    configs: r.array((c) => ({ name: c.string(), value: c.nullableString() })),
  }));
  body.int32(); // timeout
  const validateOnly = version >= 1 ? body.bool() : false;
  const results = topics.map((topic) => {
    const configs: Record<string, string> = {};
    for (const config of topic.configs) if (config.value !== null) configs[config.name] = config.value;
    const partitions = topic.assignments.length > 0 ? topic.assignments.length : topic.partitions === -1 ? core.settings.defaultPartitions : topic.partitions;
    let errorCode = core.topics.validateCreation(topic.name, partitions, configs);
    if (errorCode === ErrorCode.NONE && topic.replicationFactor !== -1 && topic.replicationFactor !== 1 && topic.assignments.length === 0) {
      errorCode = ErrorCode.INVALID_REPLICATION_FACTOR;
    }
    if (errorCode === ErrorCode.NONE && topic.assignments.some((a) => a.brokers.some((id) => id !== core.settings.nodeId))) errorCode = ErrorCode.INVALID_REPLICA_ASSIGNMENT;
    if (errorCode === ErrorCode.NONE && !validateOnly) errorCode = core.topics.create(topic.name, partitions, configs);
    core.noteError(request.apiKey, errorCode);
    return { name: topic.name, errorCode };
  });
  const writer = new ProtocolWriter(128);
  if (version >= 2) writer.int32(0);
  return writer.array(results, (w, result) => {
    w.string(result.name).int16(result.errorCode);
    if (version >= 1) w.nullableString(result.errorCode === ErrorCode.NONE ? null : (MESSAGES[result.errorCode] ?? null));
  });
};
