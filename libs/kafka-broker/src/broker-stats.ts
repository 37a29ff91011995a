import { type BrokerCore } from './broker-core';
import { ProtocolReader } from './protocol-reader';

export interface PartitionStats {
  readonly partition: number;
  readonly logStartOffset: number;
  readonly logEndOffset: number;
  readonly sizeBytes: number;
}

export interface TopicStats {
  readonly name: string;
  readonly partitions: readonly PartitionStats[];
}

export interface TopicPartitions {
  readonly topic: string;
  readonly partitions: readonly number[];
}

export interface MemberStats {
  readonly memberId: string;
  readonly clientId: string;
  readonly clientHost: string;
  /** Decoded for protocol type "consumer"; empty otherwise. */
  readonly assignment: readonly TopicPartitions[];
}

export interface PartitionLag {
  readonly topic: string;
  readonly partition: number;
  readonly committedOffset: number;
  readonly logEndOffset: number;
  readonly lag: number;
}

export interface GroupStats {
  readonly groupId: string;
  readonly state: string;
  readonly generationId: number;
  readonly protocolType: string | null;
  readonly protocol: string | null;
  readonly members: readonly MemberStats[];
  readonly lag: readonly PartitionLag[];
  readonly totalLag: number;
}

export interface BrokerStats {
  readonly uptimeMs: number;
  readonly connections: number;
  readonly requests: number;
  readonly errors: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly topics: readonly TopicStats[];
  readonly groups: readonly GroupStats[];
}

/** Decodes a ConsumerProtocol MemberAssignment (version, [topic, [partition]], user data). */
export function decodeConsumerAssignment(assignment: Buffer): TopicPartitions[] {
  if (assignment.length === 0) return [];
  try {
    const reader = new ProtocolReader(assignment);
    reader.int16();
    return reader.array((r) => ({ topic: r.string(), partitions: r.array((p) => p.int32()) }));
  } catch {
    return [];
  }
}

export function collectStats(core: BrokerCore, startedAt: number, connections: number): BrokerStats {
  const totals = core.metrics.snapshot();
  const topics = core.topics.list().map((topic) => ({
    name: topic.name,
    partitions: topic.partitions.map((log, partition) => ({ partition, logStartOffset: log.logStartOffset, logEndOffset: log.nextOffset, sizeBytes: log.sizeBytes })),
  }));
  const groupIds = new Set([...core.groups.allGroups().map((group) => group.groupId), ...core.offsets.groupIds()]);
  const groups = [...groupIds].map((groupId): GroupStats => {
    const group = core.groups.group(groupId);
    const lag = core.offsets.offsetsOf(groupId).map((committed) => {
      const logEndOffset = core.topics.get(committed.topic)?.partitions[committed.partition]?.nextOffset ?? -1;
      return { topic: committed.topic, partition: committed.partition, committedOffset: committed.offset, logEndOffset, lag: Math.max(0, logEndOffset - committed.offset) };
    });
    return {
      groupId,
      state: group?.state ?? 'Empty',
      generationId: group?.generationId ?? 0,
      protocolType: group?.protocolType ?? null,
      protocol: group?.protocolName ?? null,
      members: [...(group?.members.values() ?? [])].map((member) => ({
        memberId: member.memberId,
        clientId: member.clientId,
        clientHost: member.clientHost,
        assignment: member.protocolType === 'consumer' ? decodeConsumerAssignment(member.assignment) : [],
      })),
      lag,
      totalLag: lag.reduce((sum, entry) => sum + entry.lag, 0),
    };
  });
  return { uptimeMs: Date.now() - startedAt, connections, ...totals, topics, groups };
}
