import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import type { Client } from 'pg';
import type Redis from 'ioredis';

/**
 * Where the time goes during a bench phase, from outside the app: CPU of the whole machine, of PostgreSQL
 * (every `postgres` process, plus what exited backends left in the postmaster's children counters) and of
 * Redis (its own INFO), the WAL PostgreSQL wrote, and Redis commands by name (INFO commandstats).
 * PostgreSQL's CPU is read from /proc, so it is only known when PostgreSQL runs on this machine;
 * the Redis and WAL figures are server-wide (anything else using them at the same time shows too).
 */
export interface Usage {
  at: number;
  machineBusySeconds: number | null;
  machineCores: number | null;
  postgresSeconds: number | null;
  redisSeconds: number | null;
  walLsn: string;
  redisCalls: Record<string, number>;
}

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

export async function usage(postgres: Client, redis: Redis): Promise<Usage> {
  const [{ lsn }] = (await postgres.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')).rows;
  const cpuInfo = parseInfo(await redis.info('cpu'));
  const commandStats = parseInfo(await redis.info('commandstats'));
  const redisCalls: Record<string, number> = {};
  for (const [key, value] of Object.entries(commandStats)) {
    const calls = /calls=(\d+)/.exec(value);
    if (key.startsWith('cmdstat_') && calls) redisCalls[key.slice('cmdstat_'.length)] = Number(calls[1]);
  }
  const machine = machineCpu();
  return {
    at: performance.now(),
    machineBusySeconds: machine?.busySeconds ?? null,
    machineCores: machine?.cores ?? null,
    postgresSeconds: processCpuSeconds('postgres'),
    redisSeconds: 'used_cpu_user' in cpuInfo ? Number(cpuInfo.used_cpu_user) + Number(cpuInfo.used_cpu_sys) : null,
    walLsn: lsn,
    redisCalls,
  };
}

export interface UsageDelta {
  wallSeconds: number;
  /** Cores' worth of CPU over the wall time (1 = one core fully busy). */
  machineBusyCores: number | null;
  machineCores: number | null;
  postgresCores: number | null;
  redisCores: number | null;
  walBytes: number;
  redisCalls: Record<string, number>;
}

export async function usageSince(before: Usage, postgres: Client, redis: Redis): Promise<UsageDelta> {
  const after = await usage(postgres, redis);
  const wallSeconds = (after.at - before.at) / 1000;
  const cores = (a: number | null, b: number | null) =>
    a === null || b === null ? null : round((b - a) / wallSeconds);
  const [{ bytes }] = (
    await postgres.query<{ bytes: string }>('SELECT pg_wal_lsn_diff($1, $2)::text AS bytes', [
      after.walLsn,
      before.walLsn,
    ])
  ).rows;
  const redisCalls: Record<string, number> = {};
  for (const [command, calls] of Object.entries(after.redisCalls)) {
    const delta = calls - (before.redisCalls[command] ?? 0);
    if (delta > 0 && command !== 'info') redisCalls[command] = delta;
  }
  return {
    wallSeconds: round(wallSeconds),
    machineBusyCores: cores(before.machineBusySeconds, after.machineBusySeconds),
    machineCores: after.machineCores,
    postgresCores: cores(before.postgresSeconds, after.postgresSeconds),
    redisCores: cores(before.redisSeconds, after.redisSeconds),
    walBytes: Number(bytes),
    redisCalls,
  };
}

function parseInfo(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) fields[line.slice(0, colon)] = line.slice(colon + 1);
  }
  return fields;
}

/** Busy CPU seconds of the whole machine since boot (everything but idle and iowait), from /proc/stat. */
function machineCpu(): { busySeconds: number; cores: number } | null {
  try {
    const lines = readFileSync('/proc/stat', 'utf8').split('\n');
    const ticks = lines[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = ticks; // idle and iowait are not busy
    const cores = lines.filter((line) => /^cpu\d+ /.test(line)).length;
    return { busySeconds: (user + nice + system + irq + softirq + steal) / TICKS_PER_SECOND, cores: cores || 1 };
  } catch {
    return null;
  }
}

/**
 * CPU seconds of every process with this command name (and, given `argument`, that word among its arguments),
 * including children they reaped (exited backends).
 */
export function processCpuSeconds(comm: string, argument?: string): number | null {
  let ticks = 0;
  let found = false;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  for (const pid of entries) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      if (stat.slice(stat.indexOf('(') + 1, close) !== comm) continue;
      if (argument !== undefined && !readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(argument))
        continue;
      // Fields after the command: state is field 3; utime, stime, cutime, cstime are fields 14-17.
      const fields = stat.slice(close + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
      found = true;
    } catch {
      // the process exited while we looked
    }
  }
  return found ? ticks / TICKS_PER_SECOND : null;
}

const round = (value: number) => Math.round(value * 100) / 100;
