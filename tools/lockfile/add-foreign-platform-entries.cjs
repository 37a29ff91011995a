#!/usr/bin/env node
// The npm registry mirror these machines use serves only linux-x64 builds of platform-specific
// optional packages (@swc/core-darwin-arm64 & co. answer 404), so `npm install` writes a lockfile
// without them, and `npm ci` then refuses it ("Missing: ... from lock file"). This adds the missing
// entries with their os/cpu/libc (taken from the package name, the convention these packages
// follow), marked optional: npm ci skips them on non-matching machines and, on a machine they fit,
// fetches them by name and version from the registry. Run after any `npm install`:
//   node tools/lockfile/add-foreign-platform-entries.cjs
const fs = require('node:fs');
const path = require('node:path');

const lockPath = path.join(__dirname, '..', '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
const packages = lock.packages;

const osNames = ['darwin', 'linux', 'win32', 'android', 'freebsd', 'openharmony', 'netbsd', 'openbsd', 'sunos', 'aix', 'wasm32'];
const cpuNames = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'riscv64', 'loong64', 'mips64el', 'wasm32'];

function platformOf(name) {
  const tail = name.split('/').pop();
  const parts = tail.split('-');
  const os = parts.find((part) => osNames.includes(part));
  const cpu = parts.find((part) => cpuNames.includes(part));
  if (!os || !cpu) return undefined;
  const entry = { os: [os === 'wasm32' ? 'wasi' : os], cpu: [cpu] };
  if (os === 'linux') {
    if (parts.includes('musl') || parts.includes('musleabihf')) entry.libc = ['musl'];
    else if (parts.includes('gnu') || parts.includes('gnueabihf')) entry.libc = ['glibc'];
  }
  return entry;
}

let added = 0;
for (const [location, meta] of Object.entries(packages)) {
  if (!meta.optionalDependencies) continue;
  const base = location === '' ? 'node_modules' : `${location}/node_modules`;
  for (const [dependency, range] of Object.entries(meta.optionalDependencies)) {
    const candidates = [`${base}/${dependency}`, `node_modules/${dependency}`];
    if (candidates.some((candidate) => packages[candidate])) continue;
    const platform = platformOf(dependency);
    if (!platform) continue;
    const version = range.replace(/^[\^~=]/, '');
    if (!/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(version)) continue;
    packages[`node_modules/${dependency}`] = { version, ...platform, optional: true };
    added += 1;
  }
}

lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
fs.writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: added ${added} foreign-platform optional entries`);
