import type { IncomingHttpHeaders } from 'node:http';
import { type ApiKeyRecord } from './api-key.store';
import { type JwtVerifier } from './jwt.verifier';
import { type Principal } from './principal';

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Resolves a presented API key to its live record (ApiKeyStore, or ApiKeyCache in front of it). */
export interface ApiKeyResolver {
  authenticate(presented: string): Promise<ApiKeyRecord | undefined>;
}

/** Resolves the caller from `X-API-Key` or `Authorization: Bearer <JWT>`; undefined when neither is valid. */
export class Authenticator {
  constructor(
    private readonly apiKeys: ApiKeyResolver | undefined,
    private readonly jwt: JwtVerifier | undefined,
  ) {}

  async authenticate(headers: IncomingHttpHeaders): Promise<Principal | undefined> {
    const apiKey = single(headers['x-api-key'])?.trim();
    if (apiKey) {
      const record = await this.apiKeys?.authenticate(apiKey);
      return record
        ? { type: 'api-key', id: record.id, tenantId: record.tenantId, roles: record.roles }
        : undefined;
    }
    const authorization = single(headers.authorization);
    const token = authorization?.match(
      /^Bearer\s+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)\s*$/i,
    )?.[1];
    if (token && this.jwt) return this.jwt.verify(token);
    return undefined;
  }
}
