import { z } from 'zod';
import { entityIdSchema } from '../customer-service.shared-schema';

export const resolutionCodes = ['answered', 'escalated-and-answered', 'customer-abandoned', 'duplicate', 'spam'] as const;

/** A conversation is closed. */
export const conversationResolvedV1Schema = z.object({
  conversationId: entityIdSchema,
  customerId: entityIdSchema,
  resolvedBy: z.enum(['bot', 'agent', 'customer', 'timeout']),
  resolutionCode: z.enum(resolutionCodes),
  messageCount: z.number().int().min(0),
  /** From first message to resolution, milliseconds. */
  durationMs: z.number().int().min(0),
  /** Customer rating 1..5 when one was given. */
  satisfaction: z.number().int().min(1).max(5).optional(),
});
