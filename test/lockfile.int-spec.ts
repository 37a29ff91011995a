import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './support/run-process';

interface LockEntry {
  optionalDependencies?: Record<string, string>;
}

/** `npm ci` refuses a lockfile that lacks an optional dependency (see tools/lockfile/). */
describe('package-lock.json', () => {
  it('lists every optional dependency, so npm ci accepts it on a fresh machine', () => {
    const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
    const missing: string[] = [];
    for (const [location, entry] of Object.entries(lock.packages)) {
      for (const dependency of Object.keys(entry.optionalDependencies ?? {})) {
        const nested = `${location === '' ? '' : `${location}/`}node_modules/${dependency}`;
        if (!lock.packages[nested] && !lock.packages[`node_modules/${dependency}`]) missing.push(dependency);
      }
    }
    expect(missing).toEqual([]);
  });
});
