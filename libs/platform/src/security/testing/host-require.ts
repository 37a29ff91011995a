import { runInThisContext } from 'node:vm';

/**
 * Loads a package with Node's own loader, outside Jest's module registry, which cannot load
 * ESM-only packages (jose 6) on Node 20. Tests use it as `jest.mock('jose', () => hostRequire('jose'))`:
 * the real library, loaded the way production loads it (require(esm)).
 */
export function hostRequire(id: string): unknown {
  const hostProcess = runInThisContext('process') as NodeJS.Process;
  const { createRequire } = hostProcess.getBuiltinModule('node:module') as typeof import('node:module');
  return createRequire(__filename)(id);
}
