import { chownSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';

export interface PostgresUser {
  uid: number;
  gid: number;
}

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

export function lookupPostgresUser(): PostgresUser | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : undefined;
  } catch {
    return undefined;
  }
}

/** Looks up the OS user `postgres`, creating it (as root) when the machine has none. */
export function ensurePostgresUser(): PostgresUser {
  const existing = lookupPostgresUser();
  if (existing) return existing;
  try {
    execFileSync('groupadd', ['--system', 'postgres'], { stdio: 'ignore' });
  } catch {
    // the group may exist without the user
  }
  execFileSync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'], { stdio: 'ignore' });
  const created = lookupPostgresUser();
  if (!created) throw new Error("could not create the OS user 'postgres' that PostgreSQL needs when run as root");
  return created;
}

/** Can `user` reach `dir`: is `dir` and every folder above it traversable by that user? */
export function traversableBy(dir: string, user: PostgresUser): boolean {
  let current = resolve(dir);
  for (;;) {
    const parent = dirname(current);
    if (existsSync(current)) {
      const stat = statSync(current);
      const mode = stat.mode;
      const canTraverse =
        stat.uid === user.uid ? (mode & 0o100) !== 0 : stat.gid === user.gid ? (mode & 0o010) !== 0 : (mode & 0o001) !== 0;
      if (!canTraverse) return false;
    }
    if (parent === current) return true;
    current = parent;
  }
}

export interface ResolvedDataDirectory {
  path: string;
  /** Why the configured directory was not used, when it was not. */
  relocatedBecause?: string;
}

/**
 * PostgreSQL refuses to run as root, so as root it runs as the OS user `postgres`, which must be able
 * to reach the data directory. When the configured one sits below a folder that user cannot traverse
 * (a 0700 mktemp folder, a root-only home), use a stable folder under /var/lib/verticals instead,
 * keyed by the configured path so each checkout keeps its own data across restarts.
 */
export function resolvePostgresDataDirectory(configured: string, user: PostgresUser | undefined): ResolvedDataDirectory {
  const path = resolve(configured);
  if (!isRoot() || !user || traversableBy(dirname(path), user)) return { path };
  const key = createHash('sha256').update(path).digest('hex').slice(0, 12);
  return {
    path: join('/var/lib/verticals', key, 'postgres'),
    relocatedBecause: `the OS user 'postgres' cannot traverse the folders above ${path}`,
  };
}

/** Creates the folder chain for `dir` (mode 0755) and hands `dir` itself to the postgres user. */
export function prepareDataDirectoryParent(dir: string, user: PostgresUser | undefined): void {
  mkdirSync(dirname(dir), { recursive: true, mode: 0o755 });
  if (isRoot() && user) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chownSync(dir, user.uid, user.gid);
  }
}
