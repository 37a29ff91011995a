import { ErrorCode } from '../error-codes';
import { type OffsetCommitEntry } from '../offset-store';
import { ProtocolWriter } from '../protocol-writer';
import { type ApiHandler } from './api-handler';

/** OffsetCommit v2-5: commits from the group's current generation (or standalone, generation -1). */
export const handleOffsetCommit: ApiHandler = (core, request) => {
  const { body, version } = request;
  const groupId = body.string();
  const generationId = body.int32();
  const memberId = body.string();
  if (version <= 4) body.int64(); // retention time: offsets are kept until their topic is deleted
  const topics = body.array((r) => ({
    name: r.string(),
    partitions: r.array((p) => ({ index: p.int32(), offset: p.int64(), metadata: p.nullableString() })),
  }));
  const groupError = groupId ? core.groups.validateCommit(groupId, generationId, memberId) : ErrorCode.INVALID_GROUP_ID;
  const accepted: OffsetCommitEntry[] = [];
  const results = topics.map((topic) => ({
    name: topic.name,
    partitions: topic.partitions.map((partition) => {
      let errorCode = groupError;
      if (errorCode === ErrorCode.NONE && !core.topics.get(topic.name)?.partitions[partition.index]) errorCode = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
      if (errorCode === ErrorCode.NONE) accepted.push({ topic: topic.name, partition: partition.index, offset: partition.offset, metadata: partition.metadata });
      core.noteError(request.apiKey, errorCode);
      return { index: partition.index, errorCode };
    }),
  }));
  core.offsets.commit(groupId, accepted);
  if (core.settings.fsync === 'always') core.offsets.flush();
  const writer = new ProtocolWriter(128);
  if (version >= 3) writer.int32(0);
  return writer.array(results, (w, topic) => {
    w.string(topic.name);
    w.array(topic.partitions, (pw, partition) => pw.int32(partition.index).int16(partition.errorCode));
  });
};
