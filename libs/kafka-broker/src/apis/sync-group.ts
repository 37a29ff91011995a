import { ProtocolWriter } from '../protocol-writer';
import { type ApiHandler } from './api-handler';

/** SyncGroup v0-3: followers wait for the leader's assignments. */
export const handleSyncGroup: ApiHandler = async (core, request) => {
  const { body, version } = request;
  const groupId = body.string();
  const generationId = body.int32();
  const memberId = body.string();
  if (version >= 3) body.nullableString(); // group instance id
  const assignments = body.array((r) => ({ memberId: r.string(), assignment: Buffer.from(r.bytes()) }));
  const outcome = await core.groups.sync({ groupId, generationId, memberId, assignments });
  core.noteError(request.apiKey, outcome.errorCode);
  const writer = new ProtocolWriter(64 + outcome.assignment.length);
  if (version >= 1) writer.int32(0);
  return writer.int16(outcome.errorCode).bytes(outcome.assignment);
};
