import { generateKeyPairSync } from 'node:crypto';
import { ConfigValidationError } from '../config/load-config';
import { JwtVerifier, jwtSettingsFrom } from './jwt.verifier';

const base = {
  AUTH_JWT_ALGORITHMS: ['ES256'],
  AUTH_JWT_TENANT_CLAIM: 'tenant_id',
  AUTH_JWT_ROLES_CLAIM: 'roles',
};

describe('JWT settings', () => {
  it('are absent when no key source is configured', () => {
    expect(jwtSettingsFrom(base)).toBeUndefined();
  });

  it('require an issuer and an audience with a key source, and refuse symmetric algorithms', () => {
    expect(() => jwtSettingsFrom({ ...base, AUTH_JWT_JWKS_URL: 'https://idp/jwks' })).toThrow(
      ConfigValidationError,
    );
    expect(() =>
      jwtSettingsFrom({
        ...base,
        AUTH_JWT_JWKS_URL: 'https://idp/jwks',
        AUTH_JWT_ISSUER: 'i',
        AUTH_JWT_AUDIENCE: 'a',
        AUTH_JWT_ALGORITHMS: ['HS256'],
      }),
    ).toThrow(/asymmetric/);
    expect(() =>
      jwtSettingsFrom({
        ...base,
        AUTH_JWT_JWKS_URL: 'https://idp/jwks',
        AUTH_JWT_PUBLIC_KEY: 'pem',
        AUTH_JWT_ISSUER: 'i',
        AUTH_JWT_AUDIENCE: 'a',
      }),
    ).toThrow(/exclusive/);
  });

  it('accept a PEM public key with escaped newlines, and reject a malformed one at boot', () => {
    const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    const settings = jwtSettingsFrom({
      ...base,
      AUTH_JWT_PUBLIC_KEY: pem.replace(/\n/g, '\\n'),
      AUTH_JWT_ISSUER: 'i',
      AUTH_JWT_AUDIENCE: 'a',
    });
    expect(settings?.publicKeyPem).toBe(pem);
    expect(() => new JwtVerifier(settings!)).not.toThrow();
    expect(() => new JwtVerifier({ ...settings!, publicKeyPem: 'not a key' })).toThrow();
  });
});
