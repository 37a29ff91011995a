import { type ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { principalOf } from './principal';
import { SecurityErrorCode, SecurityException } from './security.exception';

/**
 * Limits requests per caller: the API key id or token subject (with its tenant), or the client IP
 * for anonymous calls. One bucket per caller and rate-limit class, across all routes of that class.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const principal = principalOf(request);
    if (principal) return `${principal.type}:${principal.tenantId}:${principal.id}`;
    return `ip:${String(request['ip'] ?? 'unknown')}`;
  }

  /** The counters live in this process's memory (SlidingWindowThrottlerStorage): the plain key needs no hashing. */
  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${throttlerName}\0${tracker}`;
  }

  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw new SecurityException(SecurityErrorCode.RateLimited, detail.timeToBlockExpire);
  }
}
