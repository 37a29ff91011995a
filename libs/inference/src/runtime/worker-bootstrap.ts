import path from 'node:path';

// libs/inference/src/runtime -> the repository root.
const REPO_TSCONFIG = path.join(__dirname, '..', '..', '..', '..', 'tsconfig.base.json');

/**
 * The `eval` source of a worker thread that loads `entry` (a `.worker.ts` or `.worker.js` path). From TypeScript
 * sources (tests, tools/run.cjs) the worker registers SWC itself, with the repo's tsconfig so that the
 * @verticals/* aliases resolve; built JS loads directly. Resolved here because an eval'd worker resolves
 * modules from the process's working directory.
 */
export function workerBootstrap(entry: string): string {
  return entry.endsWith('.ts')
    ? `process.env.SWC_NODE_PROJECT ??= ${JSON.stringify(REPO_TSCONFIG)}; require(${JSON.stringify(require.resolve('@swc-node/register'))}); require(${JSON.stringify(entry)});`
    : `require(${JSON.stringify(entry)});`;
}
