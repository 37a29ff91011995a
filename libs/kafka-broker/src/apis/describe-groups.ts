import { type BrokerCore } from '../broker-core';
import { ErrorCode } from '../error-codes';
import { ProtocolWriter } from '../protocol-writer';
import { type ApiHandler } from './api-handler';

function describe(core: BrokerCore, groupId: string) {
  const group = core.groups.group(groupId);
  if (!group) {
    const known = core.offsets.offsetsOf(groupId).length > 0;
    return { groupId, state: known ? 'Empty' : 'Dead', protocolType: '', protocolName: '', members: [] };
  }
  return {
    groupId,
    state: group.state,
    protocolType: group.protocolType ?? '',
    protocolName: group.state === 'Stable' ? (group.protocolName ?? '') : '',
    members: [...group.members.values()].map((member) => ({ ...member, metadata: group.metadataFor(member) })),
  };
}

/** DescribeGroups v0-2; an unknown group is reported as Dead, as Kafka does. */
export const handleDescribeGroups: ApiHandler = (core, request) => {
  const { body, version } = request;
  const groupIds = body.array((r) => r.string());
  const writer = new ProtocolWriter(256);
  if (version >= 1) writer.int32(0);
  return writer.array(groupIds.map((groupId) => describe(core, groupId)), (w, group) => {
    w.int16(ErrorCode.NONE).string(group.groupId).string(group.state).string(group.protocolType).string(group.protocolName);
    w.array(group.members, (mw, member) => {
      mw.string(member.memberId).string(member.clientId).string(member.clientHost).bytes(member.metadata).bytes(member.assignment);
    });
  });
};
