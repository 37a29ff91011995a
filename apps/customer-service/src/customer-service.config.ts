import { type ConfigOf } from '@verticals/platform';
import { type customerService } from './customer-service.service';
import { ESCALATION_RULES, type EscalationRuleName, type EscalationThresholds } from './escalations/escalation-rules';

export type CustomerServiceConfig = ConfigOf<typeof customerService>;

export function escalationThresholds(config: CustomerServiceConfig): EscalationThresholds {
  const enabled = new Set(config.CS_ESCALATION_RULES.filter((rule): rule is EscalationRuleName => (ESCALATION_RULES as readonly string[]).includes(rule)));
  return {
    enabled,
    negativeStreak: config.CS_ESCALATION_NEGATIVE_STREAK,
    trendWindow: config.CS_ESCALATION_TREND_WINDOW,
    trendDrop: config.CS_ESCALATION_TREND_DROP_PCT / 100,
    lowConfidenceStreak: config.CS_ESCALATION_LOW_CONFIDENCE_STREAK,
    intentConfidence: config.CS_INTENT_CONFIDENCE_PCT / 100,
  };
}
