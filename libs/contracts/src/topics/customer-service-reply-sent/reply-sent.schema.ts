import { z } from 'zod';
import { channelSchema, entityIdSchema, maskedTextSchema } from '../customer-service.shared-schema';

/** A reply that went out to the customer. */
export const replySentV1Schema = z.object({
  replyId: z.uuid(),
  conversationId: entityIdSchema,
  customerId: entityIdSchema,
  channel: channelSchema,
  /** Envelope id of the message this answers. */
  inReplyToMessageId: z.uuid(),
  author: z.enum(['bot', 'agent']),
  agentId: entityIdSchema.optional(),
  /** The reply text with PII masked. */
  maskedText: maskedTextSchema,
});
