import { ProtocolWriter } from '../protocol-writer';
import { type ApiHandler } from './api-handler';

/** JoinGroup v0-5; v4+ answers a first join without member id with MEMBER_ID_REQUIRED. */
export const handleJoinGroup: ApiHandler = async (core, request) => {
  const { body, version } = request;
  const groupId = body.string();
  const sessionTimeoutMs = body.int32();
  const rebalanceTimeoutMs = version >= 1 ? body.int32() : sessionTimeoutMs;
  const memberId = body.string();
  const groupInstanceId = version >= 5 ? body.nullableString() : null;
  const protocolType = body.string();
  const protocols = body.array((r) => ({ name: r.string(), metadata: Buffer.from(r.bytes()) }));
  const outcome = await core.groups.join({
    groupId,
    memberId,
    groupInstanceId,
    sessionTimeoutMs,
    rebalanceTimeoutMs,
    protocolType,
    protocols,
    clientId: request.clientId,
    clientHost: request.connection.clientHost,
    requireKnownMemberId: version >= 4,
  });
  core.noteError(request.apiKey, outcome.errorCode);
  const writer = new ProtocolWriter(256);
  if (version >= 2) writer.int32(0);
  writer.int16(outcome.errorCode).int32(outcome.generationId).string(outcome.protocolName).string(outcome.leaderId).string(outcome.memberId);
  writer.array(outcome.members, (w, member) => {
    w.string(member.memberId);
    if (version >= 5) w.nullableString(member.groupInstanceId);
    w.bytes(member.metadata);
  });
  return writer;
};
