import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const KEY_MARK = 'vk_';
/** Stored in clear to find candidate rows; 9 random base64url characters (54 bits) reveal nothing usable. */
const PREFIX_LENGTH = 12;

/** A new key: `vk_` + 256 random bits, base64url. Shown once, never stored. */
export function generateApiKey(): string {
  return `${KEY_MARK}${randomBytes(32).toString('base64url')}`;
}

/**
 * SHA-256 suffices for keys of 256 random bits: nothing to brute-force, so no slow KDF is needed
 * (a slow hash would only slow every request).
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function apiKeyPrefix(key: string): string {
  return key.slice(0, PREFIX_LENGTH);
}

/** Compares a stored hash with the hash of a presented key in constant time. */
export function apiKeyMatches(storedHash: string, presentedKey: string): boolean {
  const stored = Buffer.from(storedHash, 'hex');
  const presented = createHash('sha256').update(presentedKey, 'utf8').digest();
  return stored.length === presented.length && timingSafeEqual(stored, presented);
}
