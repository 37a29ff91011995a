import { Injectable } from '@nestjs/common';
import { And, DataSource, LessThan, MoreThanOrEqual } from 'typeorm';
import { ProblemException, TenantScopedRepository } from '@verticals/platform';
import { Conversation } from '../conversations/conversation.entity';
import { Message } from '../conversations/message.entity';
import { Escalation } from '../escalations/escalation.entity';

export interface SupportAnalytics {
  from: string;
  to: string;
  conversations: number;
  /** Share of conversations the bot handled without a human (not escalated). */
  containmentRate: number;
  escalationRate: number;
  /** Escalations per conversation, by the rule that fired (an escalation counts once per rule). */
  escalationRateByReason: Record<string, number>;
  escalationsByReason: Record<string, number>;
  timeToAgentClaimMs: { median: number | null; p90: number | null; claimed: number };
  sentimentDistribution: { negative: number; neutral: number; positive: number };
}

const DAY_MS = 86_400_000;
const MAX_RANGE_DAYS = 366;

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? null;
}

const ratio = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000);

@Injectable()
export class AnalyticsService {
  private readonly conversations: TenantScopedRepository<Conversation>;
  private readonly messages: TenantScopedRepository<Message>;
  private readonly escalations: TenantScopedRepository<Escalation>;

  constructor(dataSource: DataSource) {
    this.conversations = new TenantScopedRepository(dataSource, Conversation);
    this.messages = new TenantScopedRepository(dataSource, Message);
    this.escalations = new TenantScopedRepository(dataSource, Escalation);
  }

  /** Over conversations started in [from, to); claim times of escalations raised in it. */
  async summary(fromText?: string, toText?: string): Promise<SupportAnalytics> {
    const to = toText ? new Date(toText) : new Date();
    const from = fromText ? new Date(fromText) : new Date(to.getTime() - 30 * DAY_MS);
    if (from >= to || to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS) {
      throw new ProblemException({
        status: 400,
        type: 'validation-failed',
        title: 'Bad Request',
        detail: `from must be before to, at most ${MAX_RANGE_DAYS} days apart.`,
        errors: [{ field: 'from', rule: 'range', message: 'must be before to and within 366 days of it' }],
      });
    }
    const inRange = And(MoreThanOrEqual(from), LessThan(to));
    const [conversations, escalated, escalations, negative, neutral, positive] = await Promise.all([
      this.conversations.count({ where: { createdAt: inRange } }),
      this.conversations.count({ where: { createdAt: inRange, escalated: true } }),
      this.escalations.find({ where: { createdAt: inRange }, select: { id: true, rules: true, createdAt: true, claimedAt: true } }),
      this.messages.count({ where: { createdAt: inRange, author: 'customer', sentimentLabel: 'negative' } }),
      this.messages.count({ where: { createdAt: inRange, author: 'customer', sentimentLabel: 'neutral' } }),
      this.messages.count({ where: { createdAt: inRange, author: 'customer', sentimentLabel: 'positive' } }),
    ]);
    const byReason: Record<string, number> = {};
    for (const escalation of escalations) for (const rule of escalation.rules) byReason[rule.rule] = (byReason[rule.rule] ?? 0) + 1;
    const waits = escalations
      .filter((escalation) => escalation.claimedAt !== null)
      .map((escalation) => (escalation.claimedAt?.getTime() ?? 0) - escalation.createdAt.getTime())
      .sort((a, b) => a - b);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      conversations,
      containmentRate: ratio(conversations - escalated, conversations),
      escalationRate: ratio(escalated, conversations),
      escalationRateByReason: Object.fromEntries(Object.entries(byReason).map(([reason, count]) => [reason, ratio(count, conversations)])),
      escalationsByReason: byReason,
      timeToAgentClaimMs: { median: percentile(waits, 0.5), p90: percentile(waits, 0.9), claimed: waits.length },
      sentimentDistribution: { negative, neutral, positive },
    };
  }
}
