import { HttpException } from '@nestjs/common';

/** One failed rule on one field of a request. */
export interface FieldError {
  /** Dotted path of the field, e.g. `items.0.quantity`; `body` when the whole body is wrong. */
  field: string;
  /** The rule that failed, e.g. `isInt`, `maxLength`, `whitelist`. */
  rule: string;
  message: string;
}

/** RFC 9457 problem details, plus the extensions every service adds. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** Machine-readable code from the raising context's code enum. */
  code?: string;
  errors?: FieldError[];
  correlationId?: string;
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const PROBLEM_TYPE_BASE = 'https://verticals.dev/problems/';

export function problemType(slug: string): string {
  return `${PROBLEM_TYPE_BASE}${slug}`;
}

export interface ProblemInit {
  status: number;
  title: string;
  /** Short kebab-case slug naming the problem type, e.g. `validation-failed`. */
  type: string;
  detail?: string;
  code?: string;
  errors?: FieldError[];
  /** Extra members (e.g. `retryAfterSeconds`); never secrets. */
  extensions?: Record<string, unknown>;
  /** Response headers to set, e.g. Retry-After. */
  headers?: Record<string, string>;
}

/**
 * The one exception shape every context raises (directly or through its own subclass with a
 * code enum); the problem filter renders it as application/problem+json.
 */
export class ProblemException extends HttpException {
  constructor(readonly problem: ProblemInit) {
    super(problem.detail ?? problem.title, problem.status);
  }
}
