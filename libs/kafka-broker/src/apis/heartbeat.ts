import { ProtocolWriter } from '../protocol-writer';
import { type ApiHandler } from './api-handler';

/** Heartbeat v0-3: keeps the member's session alive and signals a pending rebalance. */
export const handleHeartbeat: ApiHandler = (core, request) => {
  const { body, version } = request;
  const groupId = body.string();
  const generationId = body.int32();
  const memberId = body.string();
  if (version >= 3) body.nullableString(); // group instance id
  const errorCode = core.groups.heartbeat(groupId, generationId, memberId);
  core.noteError(request.apiKey, errorCode);
  const writer = new ProtocolWriter(16);
  if (version >= 1) writer.int32(0);
  return writer.int16(errorCode);
};
