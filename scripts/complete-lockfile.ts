// Adds lock entries for the optional per-platform packages (e.g. @swc/core-darwin-arm64) that npm
// could not describe because this machine's registry does not serve other platforms' packages.
// Without them `npm ci` refuses the lock file ("Missing: … from lock file"). Each entry records the
// os/cpu/libc its name says, so a machine of that platform still installs it and others skip it.
// Run after every `npm install`: `npm run lockfile:complete` (test/lockfile.spec.ts fails when it was forgotten).
import { readFileSync, writeFileSync } from 'node:fs';

const OS = ['darwin', 'linux', 'win32', 'freebsd', 'android', 'openbsd', 'sunos', 'aix'];
const CPU = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'riscv64', 'loong64'];

interface LockEntry {
  version?: string;
  optional?: boolean;
  os?: string[];
  cpu?: string[];
  libc?: string[];
  optionalDependencies?: Record<string, string>;
}

export interface Lockfile {
  packages: Record<string, LockEntry>;
}

export function missingOptionalEntries(lock: Lockfile): Record<string, LockEntry> {
  const packages = lock.packages;
  const missing: Record<string, LockEntry> = {};
  for (const [path, meta] of Object.entries(packages)) {
    for (const [name, range] of Object.entries(meta.optionalDependencies ?? {})) {
      const nested = `${path ? `${path}/` : ''}node_modules/${name}`;
      const hoisted = `node_modules/${name}`;
      if (packages[nested] || packages[hoisted] || missing[hoisted]) continue;
      const token = (list: string[]) => list.find((part) => new RegExp(`(^|[-/])${part}($|-)`).test(name));
      const os = token(OS);
      const cpu = token(CPU);
      const libc = /-musl($|-)/.test(name) ? 'musl' : /-gnu($|-)/.test(name) ? 'glibc' : undefined;
      missing[hoisted] = {
        version: String(range).replace(/^[\^~=]/, ''),
        optional: true,
        os: [os ?? 'none'],
        cpu: [cpu ?? 'none'],
        ...(libc ? { libc: [libc] } : {}),
      };
    }
  }
  return missing;
}

if (require.main === module) {
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as Lockfile;
  const missing = missingOptionalEntries(lock);
  Object.assign(lock.packages, missing);
  lock.packages = Object.fromEntries(
    Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
  );
  writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
  process.stdout.write(`package-lock.json: ${Object.keys(missing).length} optional platform entries added\n`);
}
