import pino from 'pino';
import { brokerSettingsSchema } from './broker-options';
import { ErrorCode } from './error-codes';
import { GroupCoordinator, type JoinRequest } from './group-coordinator';

const settings = brokerSettingsSchema.parse({ sessionCheckIntervalMs: 60_000 });

function joinRequest(memberId: string, overrides: Partial<JoinRequest> = {}): JoinRequest {
  return {
    groupId: 'g',
    memberId,
    groupInstanceId: null,
    sessionTimeoutMs: 10_000,
    rebalanceTimeoutMs: 50,
    protocolType: 'consumer',
    protocols: [{ name: 'range', metadata: Buffer.from('m') }],
    clientId: 'c',
    clientHost: '127.0.0.1',
    requireKnownMemberId: true,
    ...overrides,
  };
}

describe('group coordinator', () => {
  let coordinator: GroupCoordinator;

  beforeEach(() => {
    coordinator = new GroupCoordinator(settings, pino({ level: 'silent' }));
  });

  afterEach(() => coordinator.close());

  async function joinedMember(): Promise<string> {
    const first = await coordinator.join(joinRequest(''));
    expect(first.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
    return first.memberId;
  }

  it('assigns a member id first, then forms generation 1 with the joiner as leader', async () => {
    const memberId = await joinedMember();
    const joined = await coordinator.join(joinRequest(memberId));
    expect(joined).toMatchObject({ errorCode: ErrorCode.NONE, generationId: 1, leaderId: memberId, protocolName: 'range' });
    expect(joined.members.map((m) => m.memberId)).toEqual([memberId]);
    await expect(coordinator.sync({ groupId: 'g', generationId: 1, memberId, assignments: [{ memberId, assignment: Buffer.from('all') }] })).resolves.toEqual({
      errorCode: ErrorCode.NONE,
      assignment: Buffer.from('all'),
    });
    expect(coordinator.heartbeat('g', 1, memberId)).toBe(ErrorCode.NONE);
  });

  it('joins without a member-id round trip for JoinGroup v0-3', async () => {
    const joined = await coordinator.join(joinRequest('', { requireKnownMemberId: false }));
    expect(joined.errorCode).toBe(ErrorCode.NONE);
    expect(joined.memberId).not.toBe('');
  });

  it('removes a member that does not rejoin within the rebalance timeout', async () => {
    const leader = await joinedMember();
    await coordinator.join(joinRequest(leader));
    await coordinator.sync({ groupId: 'g', generationId: 1, memberId: leader, assignments: [] });
    const newcomer = await joinedMember();
    const joining = coordinator.join(joinRequest(newcomer));
    expect(coordinator.heartbeat('g', 1, leader)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    // The old leader never rejoins: after the rebalance timeout the newcomer leads alone.
    const outcome = await joining;
    expect(outcome).toMatchObject({ errorCode: ErrorCode.NONE, generationId: 2, leaderId: newcomer });
    expect(coordinator.heartbeat('g', 2, leader)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('makes followers wait for the leader and rejects stale generations', async () => {
    const a = await joinedMember();
    await coordinator.join(joinRequest(a, { rebalanceTimeoutMs: 10_000 }));
    const b = await joinedMember();
    const joiningB = coordinator.join(joinRequest(b, { rebalanceTimeoutMs: 10_000 }));
    const [joinA, joinB] = await Promise.all([coordinator.join(joinRequest(a, { rebalanceTimeoutMs: 10_000 })), joiningB]);
    expect(joinA.generationId).toBe(2);
    expect(joinA.generationId).toBe(joinB.generationId);
    const leader = joinA.leaderId;
    const follower = leader === a ? b : a;
    expect((leader === a ? joinA : joinB).members).toHaveLength(2);
    expect((leader === a ? joinB : joinA).members).toHaveLength(0);
    const generationId = joinA.generationId;
    const followerSync = coordinator.sync({ groupId: 'g', generationId, memberId: follower, assignments: [] });
    await expect(coordinator.sync({ groupId: 'g', generationId: generationId - 1, memberId: follower, assignments: [] })).resolves.toMatchObject({ errorCode: ErrorCode.ILLEGAL_GENERATION });
    await coordinator.sync({ groupId: 'g', generationId, memberId: leader, assignments: [{ memberId: follower, assignment: Buffer.from('half') }] });
    await expect(followerSync).resolves.toEqual({ errorCode: ErrorCode.NONE, assignment: Buffer.from('half') });
    expect(coordinator.validateCommit('g', generationId, follower)).toBe(ErrorCode.NONE);
    expect(coordinator.validateCommit('g', generationId + 5, follower)).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(coordinator.validateCommit('g', -1, '')).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('evicts members whose session expired and empties the group when the last one goes', async () => {
    const memberId = await joinedMember();
    await coordinator.join(joinRequest(memberId));
    coordinator.evictExpired(Date.now() + 60_000);
    expect(coordinator.group('g')?.state).toBe('Empty');
    expect(coordinator.group('g')?.members.size).toBe(0);
    expect(coordinator.validateCommit('g', -1, '')).toBe(ErrorCode.NONE);
  });

  it('refuses a member whose protocols share nothing with the group', async () => {
    const memberId = await joinedMember();
    void coordinator.join(joinRequest(memberId));
    const stranger = await coordinator.join(joinRequest('', { protocols: [{ name: 'roundrobin', metadata: Buffer.alloc(0) }] }));
    expect(stranger.errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
  });
});
