import { z } from 'zod';

const DAY_MS = 24 * 60 * 60 * 1000;

export const customerServiceRetention = {
  events: 7 * DAY_MS,
  deadLetters: 14 * DAY_MS,
} as const;

export const channelSchema = z.enum(['email', 'chat', 'sms', 'web', 'api']);

/** Free text that has already been through PII masking (emails, phones, card numbers replaced). */
export const maskedTextSchema = z.string().max(4000);

export const sentimentSchema = z.object({
  label: z.enum(['negative', 'neutral', 'positive']),
  /** Confidence of the label, 0..1. */
  score: z.number().min(0).max(1),
});

export const intentSchema = z.object({
  name: z.string().min(1).max(100),
  confidence: z.number().min(0).max(1),
});

export const entityIdSchema = z.string().min(1).max(100);
