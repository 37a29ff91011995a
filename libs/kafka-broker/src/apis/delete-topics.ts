import { ErrorCode } from '../error-codes';
import { ProtocolWriter } from '../protocol-writer';
import { type ApiHandler } from './api-handler';

/** DeleteTopics v0-1: removes the logs and the topic's committed offsets. */
export const handleDeleteTopics: ApiHandler = (core, request) => {
  const { body, version } = request;
  const names = body.array((r) => r.string());
  body.int32(); // timeout
  const results = names.map((name) => {
    const errorCode = core.topics.delete(name);
    core.noteError(request.apiKey, errorCode);
    if (errorCode === ErrorCode.NONE) core.offsets.deleteTopic(name);
    return { name, errorCode };
  });
  const writer = new ProtocolWriter(64);
  if (version >= 1) writer.int32(0);
  return writer.array(results, (w, result) => w.string(result.name).int16(result.errorCode));
};
