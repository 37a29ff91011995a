import { ErrorCode } from '../error-codes';
import { ProtocolWriter } from '../protocol-writer';
import { type ApiHandler } from './api-handler';

/** Special timestamps of ListOffsets. */
const LATEST = -1;
const EARLIEST = -2;

/** ListOffsets v1-3: earliest, latest, or the first offset at or after a timestamp. */
export const handleListOffsets: ApiHandler = (core, request) => {
  const { body, version } = request;
  body.int32(); // replica id
  if (version >= 2) body.int8(); // isolation level
  const topics = body.array((r) => ({ name: r.string(), partitions: r.array((p) => ({ index: p.int32(), timestamp: p.int64() })) }));
  const writer = new ProtocolWriter(128);
  if (version >= 2) writer.int32(0);
  writer.array(topics, (w, topic) => {
    w.string(topic.name);
    w.array(topic.partitions, (pw, partition) => {
      const log = core.topics.get(topic.name)?.partitions[partition.index];
      if (!log) {
        core.noteError(request.apiKey, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        pw.int32(partition.index).int16(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION).int64(-1).int64(-1);
        return;
      }
      let answer = { offset: -1, timestamp: -1 };
      if (partition.timestamp === LATEST) answer = { offset: log.nextOffset, timestamp: -1 };
      else if (partition.timestamp === EARLIEST) answer = { offset: log.logStartOffset, timestamp: -1 };
      else answer = log.offsetForTimestamp(partition.timestamp) ?? answer;
      pw.int32(partition.index).int16(ErrorCode.NONE).int64(answer.timestamp).int64(answer.offset);
    });
  });
  return writer;
};
