/** Thrown by a handler for a failure that retrying cannot fix: the event goes to the DLQ at once. */
export class PermanentEventError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentEventError';
  }
}

// Connection-level failures (node errors, PostgreSQL classes 08 and 57P, too many connections):
// waiting helps, retrying the handler does not, so they never count as attempts.
const unavailableCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', '57P01', '57P02', '57P03', '53300', '08000', '08001', '08003', '08004', '08006']);
const unavailableMessages = [/not currently accepting connections/i, /connection terminated/i, /terminating connection/i, /timeout exceeded when trying to connect/i, /connection error/i, /not queryable/i, /Connection is not established/i];

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
    const candidate = current as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown };
    if (typeof candidate.code === 'string' && unavailableCodes.has(candidate.code)) return true;
    if (typeof candidate.message === 'string' && unavailableMessages.some((pattern) => pattern.test(candidate.message as string))) return true;
    current = candidate.driverError ?? candidate.cause;
  }
  return false;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 2000);
  return String(error).slice(0, 2000);
}
