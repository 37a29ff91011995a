import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { type Request } from 'express';
import { ProblemException } from '@verticals/platform';
import { type TextModelKind } from '../model-kinds';

/** URL segment of each kind: /v1/intents/... and /v1/sentiment/... */
const SEGMENTS: Record<string, TextModelKind> = { intents: 'intent', sentiment: 'sentiment' };

export function kindFromSegment(segment: string): TextModelKind {
  const kind = SEGMENTS[segment];
  if (!kind) throw new ProblemException({ status: 404, type: 'not-found', title: 'Not Found', detail: `No route /v1/${segment}; use intents or sentiment.` });
  return kind;
}

/**
 * Explicit route prefixes of the two kinds. They are literal paths, not a `v1/:kind` parameter, so they can
 * never capture an app route such as `/v1/conversations/:id`.
 */
export const KIND_ROUTE_PREFIXES = ['v1/intents', 'v1/sentiment'] as const;

const KIND_IN_PATH = /\/v1\/(intents|sentiment)(?:\/|$)/;

/** The kind of the route that matched, read from the request path (`/v1/intents/...` or `/v1/sentiment/...`). */
export const ModelKindFromRoute = createParamDecorator((_: unknown, ctx: ExecutionContext): TextModelKind => {
  const request = ctx.switchToHttp().getRequest<Request>();
  const segment = KIND_IN_PATH.exec(request.path ?? request.url)?.[1] ?? '';
  return kindFromSegment(segment);
});

export const NLP_PERMISSIONS = {
  train: 'models:train',
  activate: 'models:activate',
  read: 'models:read',
} as const;
