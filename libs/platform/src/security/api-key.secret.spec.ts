import { apiKeyMatches, apiKeyPrefix, generateApiKey, hashApiKey } from './api-key.secret';

describe('API key secrets', () => {
  it('generates distinct keys of 256 random bits behind a recognisable mark', () => {
    const keys = new Set(Array.from({ length: 100 }, generateApiKey));
    expect(keys.size).toBe(100);
    for (const key of keys) expect(key).toMatch(/^vk_[A-Za-z0-9_-]{43}$/);
  });

  it('matches a key only against its own hash', () => {
    const key = generateApiKey();
    const hash = hashApiKey(key);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(key.slice(3));
    expect(apiKeyMatches(hash, key)).toBe(true);
    expect(apiKeyMatches(hash, `${key}x`)).toBe(false);
    expect(apiKeyMatches(hash, generateApiKey())).toBe(false);
    expect(apiKeyMatches('abcd', key)).toBe(false);
  });

  it('keeps only a short prefix for lookup', () => {
    const key = generateApiKey();
    expect(apiKeyPrefix(key)).toBe(key.slice(0, 12));
  });
});
