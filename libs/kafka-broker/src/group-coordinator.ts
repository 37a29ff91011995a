import { randomUUID } from 'node:crypto';
import { type Logger } from 'pino';
import { type BrokerSettings } from './broker-options';
import { ConsumerGroup, type GroupMember, type GroupProtocol, type JoinOutcome, type SyncOutcome } from './consumer-group';
import { ErrorCode } from './error-codes';

export interface JoinRequest {
  readonly groupId: string;
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly sessionTimeoutMs: number;
  readonly rebalanceTimeoutMs: number;
  readonly protocolType: string;
  readonly protocols: GroupProtocol[];
  readonly clientId: string;
  readonly clientHost: string;
  /** JoinGroup v4+ first answers MEMBER_ID_REQUIRED to a member without an id (KIP-394). */
  readonly requireKnownMemberId: boolean;
}

export interface SyncRequest {
  readonly groupId: string;
  readonly generationId: number;
  readonly memberId: string;
  readonly assignments: readonly { readonly memberId: string; readonly assignment: Buffer }[];
}

function joinError(errorCode: ErrorCode, memberId = ''): JoinOutcome {
  return { errorCode, generationId: -1, protocolName: '', leaderId: '', memberId, members: [] };
}

const EMPTY = Buffer.alloc(0);

/**
 * Group membership protocol (Kafka's GroupCoordinator, eager rebalancing): JoinGroup waits until
 * every known member rejoined or the longest rebalance timeout passed; the leader's SyncGroup
 * hands out assignments; members that stop heartbeating past their session timeout are evicted.
 */
export class GroupCoordinator {
  private readonly groups = new Map<string, ConsumerGroup>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly settings: BrokerSettings,
    private readonly logger: Logger,
  ) {
    this.sweeper = setInterval(() => this.evictExpired(Date.now()), settings.sessionCheckIntervalMs);
    this.sweeper.unref();
  }

  group(groupId: string): ConsumerGroup | undefined {
    return this.groups.get(groupId);
  }

  allGroups(): ConsumerGroup[] {
    return [...this.groups.values()];
  }

  private groupOrCreate(groupId: string): ConsumerGroup {
    let group = this.groups.get(groupId);
    if (!group) {
      group = new ConsumerGroup(groupId);
      this.groups.set(groupId, group);
    }
    return group;
  }

  join(request: JoinRequest): Promise<JoinOutcome> {
    if (!request.groupId) return Promise.resolve(joinError(ErrorCode.INVALID_GROUP_ID, request.memberId));
    if (request.sessionTimeoutMs < this.settings.groupMinSessionTimeoutMs || request.sessionTimeoutMs > this.settings.groupMaxSessionTimeoutMs) {
      return Promise.resolve(joinError(ErrorCode.INVALID_SESSION_TIMEOUT, request.memberId));
    }
    const group = this.groupOrCreate(request.groupId);
    const now = Date.now();
    const known = group.members.get(request.memberId);
    if (!group.supportsProtocols(request.protocolType, request.protocols) && !(known && group.members.size === 1)) {
      return Promise.resolve(joinError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, request.memberId));
    }
    let memberId = request.memberId;
    if (memberId === '') {
      memberId = `${request.clientId || 'member'}-${randomUUID()}`;
      if (request.requireKnownMemberId) {
        group.pendingMemberIds.set(memberId, now + request.sessionTimeoutMs);
        return Promise.resolve(joinError(ErrorCode.MEMBER_ID_REQUIRED, memberId));
      }
    } else if (!known && !group.pendingMemberIds.has(memberId)) {
      return Promise.resolve(joinError(ErrorCode.UNKNOWN_MEMBER_ID, memberId));
    }
    group.pendingMemberIds.delete(memberId);
    const member: GroupMember = known ?? {
      memberId,
      groupInstanceId: request.groupInstanceId,
      clientId: request.clientId,
      clientHost: request.clientHost,
      sessionTimeoutMs: request.sessionTimeoutMs,
      rebalanceTimeoutMs: request.rebalanceTimeoutMs,
      protocolType: request.protocolType,
      protocols: request.protocols,
      assignment: EMPTY,
      deadline: now + request.sessionTimeoutMs,
    };
    Object.assign(member, {
      sessionTimeoutMs: request.sessionTimeoutMs,
      rebalanceTimeoutMs: request.rebalanceTimeoutMs,
      protocolType: request.protocolType,
      protocols: request.protocols,
      deadline: now + request.sessionTimeoutMs,
    });
    if (!known) {
      group.members.set(memberId, member);
      this.logger.info({ groupId: group.groupId, memberId }, 'member joined group');
    }
    // A second JoinGroup from the same member replaces the first; the first learns it lost.
    member.awaitingJoin?.(joinError(ErrorCode.REBALANCE_IN_PROGRESS, memberId));
    const outcome = new Promise<JoinOutcome>((resolve) => {
      member.awaitingJoin = resolve;
    });
    if (group.state === 'PreparingRebalance') this.completeJoinIfReady(group);
    else this.prepareRebalance(group);
    return outcome;
  }

  private prepareRebalance(group: ConsumerGroup): void {
    group.state = 'PreparingRebalance';
    for (const member of group.members.values()) {
      member.awaitingSync?.({ errorCode: ErrorCode.REBALANCE_IN_PROGRESS, assignment: EMPTY });
      member.awaitingSync = undefined;
    }
    clearTimeout(group.rebalanceTimer);
    const timeout = Math.max(0, ...[...group.members.values()].map((member) => member.rebalanceTimeoutMs));
    group.rebalanceTimer = setTimeout(() => this.onRebalanceTimeout(group), timeout);
    group.rebalanceTimer.unref();
    this.completeJoinIfReady(group);
  }

  private completeJoinIfReady(group: ConsumerGroup): void {
    if (group.state !== 'PreparingRebalance' || group.pendingMemberIds.size > 0) return;
    for (const member of group.members.values()) if (!member.awaitingJoin) return;
    this.completeJoin(group);
  }

  private onRebalanceTimeout(group: ConsumerGroup): void {
    if (group.state !== 'PreparingRebalance') return;
    for (const member of [...group.members.values()]) {
      if (!member.awaitingJoin) {
        group.members.delete(member.memberId);
        this.logger.info({ groupId: group.groupId, memberId: member.memberId }, 'member missed the rebalance and was removed');
      }
    }
    group.pendingMemberIds.clear();
    this.completeJoin(group);
  }

  private completeJoin(group: ConsumerGroup): void {
    clearTimeout(group.rebalanceTimer);
    group.rebalanceTimer = undefined;
    group.generationId++;
    if (group.members.size === 0) {
      group.state = 'Empty';
      group.leaderId = null;
      group.protocolName = null;
      group.protocolType = null;
      return;
    }
    const members = [...group.members.values()];
    group.protocolName = group.selectProtocol();
    group.protocolType = members[0].protocolType;
    if (group.leaderId === null || !group.members.has(group.leaderId)) group.leaderId = members[0].memberId;
    group.state = 'CompletingRebalance';
    const now = Date.now();
    const roster = members.map((member) => ({ memberId: member.memberId, groupInstanceId: member.groupInstanceId, metadata: group.metadataFor(member) }));
    this.logger.info({ groupId: group.groupId, generationId: group.generationId, members: members.length }, 'group rebalanced');
    for (const member of members) {
      const resolve = member.awaitingJoin;
      member.awaitingJoin = undefined;
      member.deadline = now + member.sessionTimeoutMs;
      resolve?.({
        errorCode: ErrorCode.NONE,
        generationId: group.generationId,
        protocolName: group.protocolName ?? '',
        leaderId: group.leaderId,
        memberId: member.memberId,
        members: member.memberId === group.leaderId ? roster : [],
      });
    }
  }

  sync(request: SyncRequest): Promise<SyncOutcome> {
    const group = this.groups.get(request.groupId);
    const member = group?.members.get(request.memberId);
    if (!group || !member) return Promise.resolve({ errorCode: ErrorCode.UNKNOWN_MEMBER_ID, assignment: EMPTY });
    if (request.generationId !== group.generationId) return Promise.resolve({ errorCode: ErrorCode.ILLEGAL_GENERATION, assignment: EMPTY });
    member.deadline = Date.now() + member.sessionTimeoutMs;
    if (group.state === 'PreparingRebalance') return Promise.resolve({ errorCode: ErrorCode.REBALANCE_IN_PROGRESS, assignment: EMPTY });
    if (group.state === 'Stable') return Promise.resolve({ errorCode: ErrorCode.NONE, assignment: member.assignment });
    const outcome = new Promise<SyncOutcome>((resolve) => {
      member.awaitingSync = resolve;
    });
    if (request.memberId === group.leaderId) {
      const given = new Map(request.assignments.map((entry) => [entry.memberId, entry.assignment]));
      group.state = 'Stable';
      for (const each of group.members.values()) {
        each.assignment = given.get(each.memberId) ?? EMPTY;
        const resolve = each.awaitingSync;
        each.awaitingSync = undefined;
        resolve?.({ errorCode: ErrorCode.NONE, assignment: each.assignment });
      }
    }
    return outcome;
  }

  heartbeat(groupId: string, generationId: number, memberId: string): ErrorCode {
    const group = this.groups.get(groupId);
    const member = group?.members.get(memberId);
    if (!group || !member) return ErrorCode.UNKNOWN_MEMBER_ID;
    member.deadline = Date.now() + member.sessionTimeoutMs;
    if (generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
    if (group.state === 'PreparingRebalance') return ErrorCode.REBALANCE_IN_PROGRESS;
    return ErrorCode.NONE;
  }

  leave(groupId: string, memberId: string): ErrorCode {
    const group = this.groups.get(groupId);
    const member = group?.members.get(memberId);
    if (!group || !member) return ErrorCode.UNKNOWN_MEMBER_ID;
    this.logger.info({ groupId, memberId }, 'member left group');
    this.removeMember(group, member, ErrorCode.UNKNOWN_MEMBER_ID);
    return ErrorCode.NONE;
  }

  private removeMember(group: ConsumerGroup, member: GroupMember, errorCode: ErrorCode): void {
    group.members.delete(member.memberId);
    member.awaitingJoin?.(joinError(errorCode, member.memberId));
    member.awaitingSync?.({ errorCode, assignment: EMPTY });
    if (group.state === 'Stable' || group.state === 'CompletingRebalance') this.prepareRebalance(group);
    else if (group.state === 'PreparingRebalance') this.completeJoinIfReady(group);
  }

  /**
   * Checks an OffsetCommit's generation and member. Commits with generation -1 and no member
   * id come from clients outside group management and are accepted only for an empty group.
   */
  validateCommit(groupId: string, generationId: number, memberId: string): ErrorCode {
    const group = this.groups.get(groupId);
    if (generationId < 0 && memberId === '') {
      if (!group) {
        this.groupOrCreate(groupId);
        return ErrorCode.NONE;
      }
      return group.state === 'Empty' ? ErrorCode.NONE : ErrorCode.UNKNOWN_MEMBER_ID;
    }
    const member = group?.members.get(memberId);
    if (!group || !member) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
    if (group.state === 'CompletingRebalance') return ErrorCode.REBALANCE_IN_PROGRESS;
    member.deadline = Date.now() + member.sessionTimeoutMs;
    return ErrorCode.NONE;
  }

  /** Registers a group known only from committed offsets (after a restart). */
  ensureGroup(groupId: string): ConsumerGroup {
    return this.groupOrCreate(groupId);
  }

  evictExpired(now: number): void {
    for (const group of this.groups.values()) {
      for (const [memberId, deadline] of group.pendingMemberIds) {
        if (deadline < now) group.pendingMemberIds.delete(memberId);
      }
      for (const member of [...group.members.values()]) {
        if (member.awaitingJoin || member.deadline >= now) continue;
        this.logger.info({ groupId: group.groupId, memberId: member.memberId }, 'member session expired');
        this.removeMember(group, member, ErrorCode.UNKNOWN_MEMBER_ID);
      }
      if (group.state === 'PreparingRebalance') this.completeJoinIfReady(group);
    }
  }

  close(): void {
    clearInterval(this.sweeper);
    for (const group of this.groups.values()) {
      clearTimeout(group.rebalanceTimer);
      for (const member of group.members.values()) {
        member.awaitingJoin?.(joinError(ErrorCode.COORDINATOR_NOT_AVAILABLE, member.memberId));
        member.awaitingSync?.({ errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, assignment: EMPTY });
      }
    }
    this.groups.clear();
  }
}
