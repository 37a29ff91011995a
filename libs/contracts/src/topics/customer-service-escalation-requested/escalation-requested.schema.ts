import { z } from 'zod';
import { entityIdSchema, intentSchema, maskedTextSchema, sentimentSchema } from '../customer-service.shared-schema';

export const escalationReasonCodes = [
  'negative-sentiment',
  'low-intent-confidence',
  'customer-requested-human',
  'repeated-contact',
  'sensitive-topic',
  'policy-required',
] as const;

/** The bot hands a conversation to a human agent. */
export const escalationRequestedV1Schema = z.object({
  escalationId: z.uuid(),
  conversationId: entityIdSchema,
  customerId: entityIdSchema,
  reasonCodes: z.array(z.enum(escalationReasonCodes)).min(1),
  priority: z.enum(['low', 'normal', 'high', 'urgent']),
  sentiment: sentimentSchema.optional(),
  intent: intentSchema.optional(),
  /** Summary for the agent, PII masked. */
  maskedSummary: maskedTextSchema,
  /** The producer's own names of the escalation rules that fired (finer than reasonCodes); optional, additive. */
  rules: z.array(z.string().min(1).max(100)).max(20).optional(),
});
