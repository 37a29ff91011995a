import { z } from 'zod';
import { entityIdSchema, intentSchema, maskedTextSchema, sentimentSchema } from '../customer-service.shared-schema';

/** What the models made of a received message. */
export const messageAnalyzedV1Schema = z.object({
  /** Envelope id of the `customer-service.message.received` event analysed. */
  messageId: z.uuid(),
  conversationId: entityIdSchema,
  customerId: entityIdSchema,
  language: z.string().min(2).max(35),
  sentiment: sentimentSchema,
  intent: intentSchema,
  /** The message text with PII masked. */
  maskedText: maskedTextSchema,
  /** Kinds of PII found and masked, e.g. `email`, `phone`, `card-number`. */
  piiKinds: z.array(z.string().min(1).max(50)).max(20),
  /** Model name -> version used, for audit. */
  models: z.record(z.string().min(1).max(100), z.string().min(1).max(50)),
});
