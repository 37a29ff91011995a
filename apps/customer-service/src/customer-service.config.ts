import { type z } from 'zod';
import { type BaseConfig, type ServiceConfig } from '@verticals/platform';
import { type customerServiceConfigShape } from './customer-service.service';
import { ESCALATION_RULES, type EscalationRuleName, type EscalationThresholds } from './escalations/escalation-rules';

/**
 * Typed from the shape itself: the platform's ConfigOf<> widens every key to the port variable's
 * type (its computed-key extend yields an index signature), so it cannot type these values.
 */
export type CustomerServiceConfig = BaseConfig & z.output<z.ZodObject<typeof customerServiceConfigShape>>;

export function customerServiceConfig(config: ServiceConfig<BaseConfig>): ServiceConfig<CustomerServiceConfig> {
  return config as unknown as ServiceConfig<CustomerServiceConfig>;
}

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
