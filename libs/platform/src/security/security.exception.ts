import { ProblemException, type ProblemInit } from '../http/problem-details';

export enum SecurityErrorCode {
  AuthenticationRequired = 'authentication-required',
  PermissionDenied = 'permission-denied',
  RateLimited = 'rate-limited',
  TenantRequired = 'tenant-required',
}

function problemFor(code: SecurityErrorCode, retryAfterSeconds: number | undefined): ProblemInit {
  switch (code) {
    case SecurityErrorCode.AuthenticationRequired:
      return {
        status: 401,
        type: 'unauthorized',
        title: 'Unauthorized',
        code,
        detail: 'Valid credentials are required: an X-API-Key header or an Authorization: Bearer token.',
        headers: { 'WWW-Authenticate': 'Bearer, ApiKey header="X-API-Key"' },
      };
    case SecurityErrorCode.PermissionDenied:
      return {
        status: 403,
        type: 'forbidden',
        title: 'Forbidden',
        code,
        detail: 'Your role does not allow this operation.',
      };
    case SecurityErrorCode.RateLimited: {
      const seconds = Math.max(1, Math.ceil(retryAfterSeconds ?? 60));
      return {
        status: 429,
        type: 'too-many-requests',
        title: 'Too Many Requests',
        code,
        detail: `Rate limit reached; retry in ${seconds} s.`,
        extensions: { retryAfterSeconds: seconds },
        headers: { 'Retry-After': String(seconds) },
      };
    }
    case SecurityErrorCode.TenantRequired:
      return {
        status: 500,
        type: 'internal-error',
        title: 'Internal Server Error',
        code,
        detail: 'No tenant is bound to this operation.',
      };
  }
}

/**
 * Raised by the security guards. A 401 says nothing about which part of the credentials failed
 * (unknown, expired, revoked or malformed all read the same), so it helps no one guess.
 */
export class SecurityException extends ProblemException {
  constructor(
    readonly securityCode: SecurityErrorCode,
    retryAfterSeconds?: number,
  ) {
    super(problemFor(securityCode, retryAfterSeconds));
  }
}
