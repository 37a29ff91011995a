import { z } from 'zod';
import { channelSchema, entityIdSchema } from '../customer-service.shared-schema';

/** A customer's message as it arrived on a channel (raw text; only this topic carries unmasked text). */
export const messageReceivedV1Schema = z.object({
  /** Absent for the first message of a new conversation. */
  conversationId: entityIdSchema.optional(),
  customerId: entityIdSchema,
  channel: channelSchema,
  text: z.string().min(1).max(4000),
  /** BCP 47 tag when the channel knows it, e.g. `en`, `de-CH`. */
  language: z.string().min(2).max(35).optional(),
  /** The channel's own id (mail Message-ID, chat message id) for tracing back. */
  externalMessageId: z.string().min(1).max(500).optional(),
});
