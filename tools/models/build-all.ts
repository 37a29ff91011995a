import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** `npm run models:build`: rebuilds every model committed under models/ (each script is seeded and reproducible). */
const repoRoot = join(__dirname, '..', '..');
const builds = ['tools/models/test-model/build.ts', 'tools/models/customer-service/build.ts'];

for (const script of builds) {
  process.stdout.write(`== ${script}\n`);
  execFileSync(process.execPath, [join(repoRoot, 'tools', 'run.cjs'), script], { cwd: repoRoot, stdio: 'inherit' });
}
