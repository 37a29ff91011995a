import { ErrorCode } from '../error-codes';
import { ProtocolWriter } from '../protocol-writer';
import { type ApiHandler } from './api-handler';

/** LeaveGroup v0-3 (v3 leaves a batch of members). */
export const handleLeaveGroup: ApiHandler = (core, request) => {
  const { body, version } = request;
  const groupId = body.string();
  const writer = new ProtocolWriter(64);
  if (version >= 1) writer.int32(0);
  if (version < 3) {
    const errorCode = core.groups.leave(groupId, body.string());
    core.noteError(request.apiKey, errorCode);
    return writer.int16(errorCode);
  }
  const members = body.array((r) => ({ memberId: r.string(), groupInstanceId: r.nullableString() }));
  const results = members.map((member) => ({ ...member, errorCode: core.groups.leave(groupId, member.memberId) }));
  const topLevel = results.length > 0 && results.every((result) => result.errorCode !== ErrorCode.NONE) ? ErrorCode.UNKNOWN_MEMBER_ID : ErrorCode.NONE;
  core.noteError(request.apiKey, topLevel);
  writer.int16(topLevel);
  return writer.array(results, (w, result) => w.string(result.memberId).nullableString(result.groupInstanceId).int16(result.errorCode));
};
