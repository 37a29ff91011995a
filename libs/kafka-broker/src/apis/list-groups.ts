import { ErrorCode } from '../error-codes';
import { ProtocolWriter } from '../protocol-writer';
import { type ApiHandler } from './api-handler';

/** ListGroups v0-2: groups with members or with committed offsets. */
export const handleListGroups: ApiHandler = (core, request) => {
  const groups = new Map<string, string>();
  for (const groupId of core.offsets.groupIds()) groups.set(groupId, 'consumer');
  for (const group of core.groups.allGroups()) groups.set(group.groupId, group.protocolType ?? groups.get(group.groupId) ?? '');
  const writer = new ProtocolWriter(128);
  if (request.version >= 1) writer.int32(0);
  writer.int16(ErrorCode.NONE);
  return writer.array([...groups], (w, [groupId, protocolType]) => w.string(groupId).string(protocolType));
};
