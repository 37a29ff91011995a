import type * as Jose from 'jose';

/**
 * jose 6 is ESM-only; Node >= 20.19 loads it from our CommonJS build through require(esm). It is
 * loaded on first use, only by services that verify JWTs, so test runners that cannot load ESM
 * (Jest) can still import the platform.
 */
export async function loadJose(): Promise<typeof Jose> {
  return import('jose');
}
