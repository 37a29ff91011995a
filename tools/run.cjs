#!/usr/bin/env node
// Runs a TypeScript entry point without a build step: SWC transpiles on require (with decorator
// metadata, which NestJS needs) and the tsconfig paths resolve the @verticals/* aliases.
const path = require('node:path');
process.env.SWC_NODE_PROJECT ??= path.join(__dirname, '..', 'tsconfig.base.json');
require('@swc-node/register');
const [entry, ...rest] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node tools/run.cjs <file.ts> [args...]');
  process.exit(2);
}
process.argv = [process.argv[0], path.resolve(entry), ...rest];
require(path.resolve(entry));
