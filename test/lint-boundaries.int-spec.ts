import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './support/run-process';

const eslint = join(repoRoot, 'node_modules', '.bin', 'eslint');

function lint(file: string): { status: number | null; output: string } {
  const result = spawnSync(eslint, ['--no-warn-ignored', file], { cwd: repoRoot, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Plants a file that breaks the architecture, lints it, and removes it. */
function lintPlanted(relativePath: string, source: string): { status: number | null; output: string } {
  const file = join(repoRoot, relativePath);
  writeFileSync(file, source);
  try {
    return lint(file);
  } finally {
    rmSync(file, { force: true });
  }
}

describe('module boundaries (lint)', () => {
  beforeAll(() => {
    // The boundaries rule reads Nx's project graph; make sure it is computed.
    execFileSync(join(repoRoot, 'node_modules', '.bin', 'nx'), ['show', 'projects'], { cwd: repoRoot, env: { ...process.env, NX_DAEMON: 'false' } });
  });

  it('passes the code as it is', () => {
    expect(lint(join(repoRoot, 'libs/context/src/request-context.ts'))).toMatchObject({ status: 0 });
  });

  it('fails a shared lib that imports an app', () => {
    const result = lintPlanted('libs/platform/src/planted-violation.ts', "import { AppModule } from '../../../apps/customer-service/src/app.module';\nexport const planted = AppModule;\n");
    expect(result.status).toBe(1);
    expect(result.output).toContain('@nx/enforce-module-boundaries');
  });

  it('fails a util lib that imports a data-access lib by alias', () => {
    const result = lintPlanted('libs/text-models/src/planted-violation.ts', "import { PersistenceModule } from '@verticals/persistence';\nexport const planted = PersistenceModule;\n");
    expect(result.status).toBe(1);
    expect(result.output).toMatch(/A project tagged with "type:util" can only depend on libs tagged with/);
  });

  it('fails an app that imports another application project (the e2e tests)', () => {
    const result = lintPlanted('apps/customer-service/src/planted-violation.ts', "import { something } from '../../../test/support/run-process';\nexport const planted = something;\n");
    expect(result.status).toBe(1);
    expect(result.output).toContain('@nx/enforce-module-boundaries');
  });
});
