import { createPublicKey, type KeyObject } from 'node:crypto';
import type * as Jose from 'jose';
import { ConfigValidationError } from '../config/load-config';
import { type Principal } from './principal';
import { isRole } from './roles';
import { loadJose } from './jose.loader';

export interface JwtSettings {
  jwksUrl?: string;
  publicKeyPem?: string;
  issuer: string;
  audience: string;
  algorithms: string[];
  tenantClaim: string;
  rolesClaim: string;
}

/** Reads the JWT settings from config; undefined when no key source is configured. */
export function jwtSettingsFrom(values: {
  AUTH_JWT_JWKS_URL?: string;
  AUTH_JWT_PUBLIC_KEY?: string;
  AUTH_JWT_ISSUER?: string;
  AUTH_JWT_AUDIENCE?: string;
  AUTH_JWT_ALGORITHMS: string[];
  AUTH_JWT_TENANT_CLAIM: string;
  AUTH_JWT_ROLES_CLAIM: string;
}): JwtSettings | undefined {
  if (!values.AUTH_JWT_JWKS_URL && !values.AUTH_JWT_PUBLIC_KEY) return undefined;
  const issues: string[] = [];
  if (values.AUTH_JWT_JWKS_URL && values.AUTH_JWT_PUBLIC_KEY)
    issues.push('AUTH_JWT_JWKS_URL and AUTH_JWT_PUBLIC_KEY are exclusive: set one');
  if (!values.AUTH_JWT_ISSUER) issues.push('AUTH_JWT_ISSUER is required when JWTs are accepted');
  if (!values.AUTH_JWT_AUDIENCE) issues.push('AUTH_JWT_AUDIENCE is required when JWTs are accepted');
  if (values.AUTH_JWT_ALGORITHMS.some((alg) => alg.startsWith('HS') || alg === 'none')) {
    issues.push('AUTH_JWT_ALGORITHMS accepts asymmetric algorithms only');
  }
  const { AUTH_JWT_ISSUER: issuer, AUTH_JWT_AUDIENCE: audience } = values;
  if (issues.length > 0 || !issuer || !audience) throw new ConfigValidationError(issues);
  return {
    jwksUrl: values.AUTH_JWT_JWKS_URL,
    publicKeyPem: values.AUTH_JWT_PUBLIC_KEY?.replace(/\\n/g, '\n'),
    issuer,
    audience,
    algorithms: values.AUTH_JWT_ALGORITHMS,
    tenantClaim: values.AUTH_JWT_TENANT_CLAIM,
    rolesClaim: values.AUTH_JWT_ROLES_CLAIM,
  };
}

function rolesFrom(claim: unknown): Principal['roles'] {
  const values = Array.isArray(claim) ? claim : typeof claim === 'string' ? claim.split(/[\s,]+/) : [];
  return [...new Set(values.filter(isRole))];
}

/**
 * Verifies `Authorization: Bearer` tokens with jose: signature (JWKS, refreshed by jose on unknown
 * key ids, or one configured public key), issuer, audience, expiry and not-before.
 */
export class JwtVerifier {
  private key: Promise<KeyObject | Jose.JWTVerifyGetKey> | undefined;

  constructor(private readonly settings: JwtSettings) {
    if (settings.publicKeyPem) createPublicKey(settings.publicKeyPem); // a malformed key fails at boot, not on first request
  }

  /** The principal of a valid token; undefined for any invalid one (no reason is given out). */
  async verify(token: string): Promise<Principal | undefined> {
    const jose = await loadJose();
    this.key ??= this.resolveKey(jose);
    const key = await this.key;
    try {
      const options: Jose.JWTVerifyOptions = {
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        algorithms: this.settings.algorithms,
        requiredClaims: ['exp', 'sub'],
      };
      const { payload } =
        typeof key === 'function'
          ? await jose.jwtVerify(token, key, options)
          : await jose.jwtVerify(token, key, options);
      const tenant = payload[this.settings.tenantClaim];
      const roles = rolesFrom(payload[this.settings.rolesClaim]);
      // A token without a tenant cannot be scoped: rejected. One without known roles is
      // authenticated but allowed nothing (403 on every protected route).
      if (typeof tenant !== 'string' || tenant === '' || !payload.sub) return undefined;
      return { type: 'jwt', id: payload.sub, tenantId: tenant, roles };
    } catch {
      return undefined;
    }
  }

  private async resolveKey(jose: typeof Jose): Promise<KeyObject | Jose.JWTVerifyGetKey> {
    const { jwksUrl, publicKeyPem } = this.settings;
    if (jwksUrl)
      return jose.createRemoteJWKSet(new URL(jwksUrl), { cooldownDuration: 30_000, timeoutDuration: 5_000 });
    if (publicKeyPem) return createPublicKey(publicKeyPem);
    throw new Error('JWT verification needs AUTH_JWT_JWKS_URL or AUTH_JWT_PUBLIC_KEY');
  }
}
