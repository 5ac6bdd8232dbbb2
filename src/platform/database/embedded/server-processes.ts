import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What PostgreSQL's own lock file, `postmaster.pid`, says: the server's pid and port. */
export interface PostmasterLock {
  pid: number;
  port: number;
}

export function readPostmasterLock(directory: string): PostmasterLock | undefined {
  let lines: string[];
  try {
    lines = readFileSync(join(directory, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  return Number.isInteger(pid) && pid > 0 ? { pid, port } : undefined;
}

/**
 * True when `pid` is a PostgreSQL server of `directory`: alive, and its command line names the
 * directory. A pid PostgreSQL wrote before a crash or a reboot may since belong to another program.
 */
export function isServerOf(pid: number, directory: string): boolean {
  if (!isAlive(pid)) return false;
  const command = commandLine(pid);
  return command === undefined || (command.includes('postgres') && command.includes(directory));
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    try {
      return execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' });
    } catch {
      return undefined;
    }
  }
}

/**
 * Which process runs the embedded server: the app (or CLI) that started it writes its pid here, so
 * that a later start tells a server in use (refuse, or join it) from one whose app was killed
 * (an orphan, stopped before starting anew).
 */
export const ownerFile = (dataDir: string): string => join(dataDir, 'postgres-owner.pid');

export function readOwner(dataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(ownerFile(dataDir), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function writeOwner(dataDir: string): void {
  writeFileSync(ownerFile(dataDir), `${process.pid}\n`);
}

export function clearOwner(dataDir: string): void {
  if (readOwner(dataDir) === process.pid) rmSync(ownerFile(dataDir), { force: true });
}
