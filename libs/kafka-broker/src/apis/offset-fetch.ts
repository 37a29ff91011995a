import { ErrorCode } from '../error-codes';
import { ProtocolWriter } from '../protocol-writer';
import { type ApiHandler } from './api-handler';

/** OffsetFetch v1-4; from v2 a null topic list asks for every committed offset of the group. */
export const handleOffsetFetch: ApiHandler = (core, request) => {
  const { body, version } = request;
  const groupId = body.string();
  const requested = body.nullableArray((r) => ({ name: r.string(), partitions: r.array((p) => p.int32()) }));
  const topics =
    requested ??
    Object.entries(
      core.offsets.offsetsOf(groupId).reduce<Record<string, number[]>>((byTopic, entry) => {
        (byTopic[entry.topic] ??= []).push(entry.partition);
        return byTopic;
      }, {}),
    ).map(([name, partitions]) => ({ name, partitions }));
  const writer = new ProtocolWriter(128);
  if (version >= 3) writer.int32(0);
  writer.array(topics, (w, topic) => {
    w.string(topic.name);
    w.array(topic.partitions, (pw, partition) => {
      const committed = core.offsets.get(groupId, topic.name, partition);
      pw.int32(partition).int64(committed?.offset ?? -1).nullableString(committed?.metadata ?? '').int16(ErrorCode.NONE);
    });
  });
  if (version >= 2) writer.int16(ErrorCode.NONE);
  return writer;
};
