import { ProblemException } from '@verticals/platform';
import { type TextModelKind } from '../model-kinds';

/** URL segment of each kind: /v1/intents/... and /v1/sentiment/... */
const SEGMENTS: Record<string, TextModelKind> = { intents: 'intent', sentiment: 'sentiment' };

export function kindFromSegment(segment: string): TextModelKind {
  const kind = SEGMENTS[segment];
  if (!kind) throw new ProblemException({ status: 404, type: 'not-found', title: 'Not Found', detail: `No route /v1/${segment}; use intents or sentiment.` });
  return kind;
}

export const KIND_SEGMENT_PATTERN = ':kind(intents|sentiment)';

export const NLP_PERMISSIONS = {
  train: 'models:train',
  activate: 'models:activate',
  read: 'models:read',
} as const;
