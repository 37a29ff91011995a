import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TenantScopedRepository } from '@verticals/platform';
import { afterCursor, DEFAULT_PAGE_SIZE, type Page, toPage } from '../common/page';
import { tenantRepositoryIn } from '../common/transactional-repository';
import { Conversation } from '../conversations/conversation.entity';
import { Escalation, type EscalationStatus } from './escalation.entity';
import { EscalationErrorCode, EscalationException } from './escalation.exception';
import { escalationView, type EscalationView } from './escalation.views';

@Injectable()
export class EscalationService {
  private readonly escalations: TenantScopedRepository<Escalation>;

  constructor(private readonly dataSource: DataSource) {
    this.escalations = new TenantScopedRepository(dataSource, Escalation);
  }

  /** The agents' queue: oldest first, each with its handoff summary. */
  async queue(status: EscalationStatus, cursor: string | undefined, limit = DEFAULT_PAGE_SIZE): Promise<Page<EscalationView>> {
    const rows = await this.escalations.find({ where: afterCursor<Escalation>({ status }, cursor), order: { createdAt: 'ASC', id: 'ASC' }, take: limit + 1 });
    const now = Date.now();
    return toPage(rows, limit, (row) => escalationView(row, now));
  }

  async get(id: string): Promise<EscalationView> {
    return escalationView(await this.escalations.findOneByOrFail({ id }));
  }

  /** open -> claimed; the conversation goes waiting_for_agent -> agent, owned by `agentId`. */
  async claim(id: string, agentId: string): Promise<EscalationView> {
    return this.dataSource.transaction(async (manager) => {
      const escalations = tenantRepositoryIn(manager, Escalation);
      const escalation = await escalations.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!escalation) return (await this.escalations.findOneByOrFail({ id })) as never;
      if (escalation.status === 'claimed') throw new EscalationException(EscalationErrorCode.AlreadyClaimed);
      if (escalation.status === 'resolved') throw new EscalationException(EscalationErrorCode.Resolved);
      const now = new Date();
      escalation.status = 'claimed';
      escalation.claimedBy = agentId;
      escalation.claimedAt = now;
      await escalations.update({ id }, { status: 'claimed', claimedBy: agentId, claimedAt: now });
      await tenantRepositoryIn(manager, Conversation).update({ id: escalation.conversationId, status: 'waiting_for_agent' }, { status: 'agent', agentId, updatedAt: now });
      return escalationView(escalation);
    });
  }
}
