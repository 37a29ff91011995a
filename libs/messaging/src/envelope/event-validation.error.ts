import { type z } from 'zod';

/** A payload or envelope that does not match its contract; never retried. */
export class EventValidationError extends Error {
  constructor(
    readonly topic: string,
    message: string,
    readonly issues: readonly z.core.$ZodIssue[] = [],
  ) {
    super(`${topic}: ${message}`);
    this.name = 'EventValidationError';
  }
}

export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}
