import { type BrokerCore } from '../broker-core';
import { ErrorCode } from '../error-codes';
import { ProtocolWriter } from '../protocol-writer';
import { type Topic } from '../topic-registry';
import { type ApiHandler, type ApiRequest } from './api-handler';

interface TopicAnswer {
  readonly errorCode: ErrorCode;
  readonly name: string;
  readonly topic?: Topic;
}

export function advertisedHost(core: BrokerCore, request: ApiRequest): string {
  return core.settings.advertisedHost ?? request.connection.localHost;
}

/** Metadata v0-6: one broker, which leads every partition and is the controller. */
export const handleMetadata: ApiHandler = (core, request) => {
  const { body, version } = request;
  // v0: an empty list means all topics; v1+: null means all, empty means none.
  const requested = body.nullableArray((r) => r.string());
  const allowAutoCreate = version >= 4 ? body.bool() : true;
  const wantsAll = requested === null || (version === 0 && requested.length === 0);
  const answers: TopicAnswer[] = wantsAll
    ? core.topics.list().map((topic) => ({ errorCode: ErrorCode.NONE, name: topic.name, topic }))
    : requested.map((name) => {
        const resolved = core.topics.resolve(name, allowAutoCreate);
        return typeof resolved === 'number' ? { errorCode: resolved, name } : { errorCode: ErrorCode.NONE, name, topic: resolved };
      });
  const nodeId = core.settings.nodeId;
  const writer = new ProtocolWriter(512);
  if (version >= 3) writer.int32(0);
  writer.array([nodeId], (w) => {
    w.int32(nodeId).string(advertisedHost(core, request)).int32(core.port);
    if (version >= 1) w.nullableString(null);
  });
  if (version >= 2) writer.nullableString(core.settings.clusterId);
  if (version >= 1) writer.int32(nodeId);
  writer.array(answers, (w, answer) => {
    core.noteError(request.apiKey, answer.errorCode);
    w.int16(answer.errorCode).string(answer.name);
    if (version >= 1) w.bool(false);
    w.array(answer.topic?.partitions ?? [], (pw, _log, index) => {
      pw.int16(ErrorCode.NONE).int32(index).int32(nodeId);
      pw.array([nodeId], (rw, id) => rw.int32(id));
      pw.array([nodeId], (rw, id) => rw.int32(id));
      if (version >= 5) pw.array([], () => undefined);
    });
  });
  return writer;
};
