import { type Escalation } from './escalation.entity';
import { type FiredRule } from './escalation-rules';
import { type HandoffSummary } from './handoff-summary';

export interface EscalationView {
  id: string;
  conversationId: string;
  customerId: string;
  status: string;
  priority: string;
  reason: string;
  rules: FiredRule[];
  summary: HandoffSummary;
  claimedBy: string | null;
  createdAt: string;
  claimedAt: string | null;
  resolvedAt: string | null;
  /** Open: how long the customer has waited so far; claimed: how long they waited for the claim (ms). */
  waitMs: number;
}

export function escalationView(escalation: Escalation, now = Date.now()): EscalationView {
  const waitedUntil = escalation.claimedAt?.getTime() ?? (escalation.status === 'open' ? now : (escalation.resolvedAt?.getTime() ?? now));
  return {
    id: escalation.id,
    conversationId: escalation.conversationId,
    customerId: escalation.customerId,
    status: escalation.status,
    priority: escalation.priority,
    reason: escalation.rules.map((rule) => rule.rule).join(', '),
    rules: escalation.rules,
    summary: escalation.summary,
    claimedBy: escalation.claimedBy,
    createdAt: escalation.createdAt.toISOString(),
    claimedAt: escalation.claimedAt?.toISOString() ?? null,
    resolvedAt: escalation.resolvedAt?.toISOString() ?? null,
    waitMs: Math.max(0, waitedUntil - escalation.createdAt.getTime()),
  };
}
