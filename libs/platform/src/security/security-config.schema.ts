import { z } from 'zod';

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

const commaList = (defaultValue: string) =>
  z
    .string()
    .default(defaultValue)
    .transform((value) =>
      value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== ''),
    );

const positiveInt = (defaultValue: number, max: number) =>
  z.coerce
    .number({ message: 'must be an integer' })
    .int('must be an integer')
    .min(1, 'must be >= 1')
    .max(max, `must be <= ${max}`)
    .default(defaultValue);

/**
 * Security variables every service reads (spread into the base config schema). Cross-field rules
 * (a JWT key source needs an issuer and an audience) are checked when the security module starts.
 */
export const securityConfigShape = {
  /** JWKS endpoint of the identity provider; tokens are verified against its current keys. */
  AUTH_JWT_JWKS_URL: optionalText.refine(
    (value) => value === undefined || /^https?:\/\/.+/.test(value),
    'must be an http(s) URL',
  ),
  /** PEM (SPKI) public key, for a provider without a JWKS endpoint. */
  AUTH_JWT_PUBLIC_KEY: optionalText,
  AUTH_JWT_ISSUER: optionalText,
  AUTH_JWT_AUDIENCE: optionalText,
  AUTH_JWT_ALGORITHMS: commaList('RS256,PS256,ES256,EdDSA'),
  AUTH_JWT_TENANT_CLAIM: z.string().min(1).default('tenant_id'),
  AUTH_JWT_ROLES_CLAIM: z.string().min(1).default('roles'),
  /** When set, an admin API key with exactly this value exists for the `default` tenant. */
  BOOTSTRAP_ADMIN_API_KEY: optionalText.refine(
    (value) => value === undefined || value.length >= 32,
    'must be at least 32 characters',
  ),
  /**
   * How long a resolved API key is trusted from memory (ms; 0 = ask PostgreSQL every request).
   * Revocations through the store/CLI apply at once (LISTEN/NOTIFY); one made by hand in SQL within this.
   */
  AUTH_API_KEY_CACHE_TTL_MS: z.coerce
    .number({ message: 'must be an integer' })
    .int('must be an integer')
    .min(0, 'must be >= 0')
    .max(60_000, 'must be <= 60000')
    .default(5_000),
  /** Requests a minute per caller (API key, token subject, or IP for public routes). */
  RATE_LIMIT_PER_MINUTE: positiveInt(600, 1_000_000),
  /** Requests a minute per caller on routes marked `@RateLimitClass('expensive')`. */
  RATE_LIMIT_EXPENSIVE_PER_MINUTE: positiveInt(60, 1_000_000),
  /** Browser origins allowed by CORS, comma-separated; empty keeps CORS closed. */
  CORS_ORIGINS: commaList(''),
};
