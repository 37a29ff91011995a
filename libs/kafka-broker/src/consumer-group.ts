import { type ErrorCode } from './error-codes';

export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable';

export interface GroupProtocol {
  readonly name: string;
  readonly metadata: Buffer;
}

export interface JoinOutcome {
  readonly errorCode: ErrorCode;
  readonly generationId: number;
  readonly protocolName: string;
  readonly leaderId: string;
  readonly memberId: string;
  readonly members: readonly { readonly memberId: string; readonly groupInstanceId: string | null; readonly metadata: Buffer }[];
}

export interface SyncOutcome {
  readonly errorCode: ErrorCode;
  readonly assignment: Buffer;
}

export interface GroupMember {
  readonly memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocolType: string;
  protocols: GroupProtocol[];
  assignment: Buffer;
  /** Epoch ms after which a member that is not awaiting a join is evicted. */
  deadline: number;
  awaitingJoin?: (outcome: JoinOutcome) => void;
  awaitingSync?: (outcome: SyncOutcome) => void;
}

/** One consumer group's membership and rebalance state (Kafka's GroupMetadata). */
export class ConsumerGroup {
  state: GroupState = 'Empty';
  generationId = 0;
  protocolType: string | null = null;
  protocolName: string | null = null;
  leaderId: string | null = null;
  readonly members = new Map<string, GroupMember>();
  /** Member ids handed out with MEMBER_ID_REQUIRED (JoinGroup v4+) and not yet joined: id -> deadline. */
  readonly pendingMemberIds = new Map<string, number>();
  rebalanceTimer: NodeJS.Timeout | undefined;

  constructor(readonly groupId: string) {}

  /** The first protocol of the leader-to-be's preference list that every member supports. */
  selectProtocol(): string | null {
    const members = [...this.members.values()];
    if (members.length === 0) return null;
    for (const candidate of members[0].protocols) {
      if (members.every((member) => member.protocols.some((protocol) => protocol.name === candidate.name))) return candidate.name;
    }
    return null;
  }

  supportsProtocols(protocolType: string, protocols: readonly GroupProtocol[]): boolean {
    if (protocols.length === 0) return false;
    if (this.members.size === 0) return true;
    if (this.protocolType !== null && this.protocolType !== protocolType) return false;
    return [...this.members.values()].every((member) => member.protocols.some((mine) => protocols.some((theirs) => theirs.name === mine.name)));
  }

  metadataFor(member: GroupMember): Buffer {
    return member.protocols.find((protocol) => protocol.name === this.protocolName)?.metadata ?? Buffer.alloc(0);
  }
}
