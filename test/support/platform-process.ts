import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { waitFor } from './wait-for';

const ROOT = resolve(__dirname, '..', '..');

/** A process of the platform (the server, `npm start`, the CLI) with everything it writes captured. */
export interface CapturedProcess {
  child: ChildProcess;
  /** stdout and stderr interleaved as they arrived. */
  output: () => string;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Runs `command` in the repository with exactly `env` (plus PATH), capturing its output. */
export function spawnCaptured(command: string, args: string[], env: Record<string, string>): CapturedProcess {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
    stderr += chunk;
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, output: () => output, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Waits for the summary main.ts prints once it listens, and answers the URL it names. */
export async function listeningUrl(server: CapturedProcess, timeoutMs = 90_000): Promise<string> {
  const match = await waitFor(
    () => {
      if (server.child.exitCode !== null)
        throw new Error(`the platform exited (${server.child.exitCode}) before it listened:\n${server.output()}`);
      return /listening on (http:\/\/\S+)/.exec(server.stderr()) ?? undefined;
    },
    timeoutMs,
    50,
  );
  return match[1];
}

/** The pids of the processes whose command line mentions `text` (e.g. a data directory): Linux only, through /proc. */
export function processesMentioning(text: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ').includes(text)) pids.push(Number(entry));
    } catch {
      // gone in between
    }
  }
  return pids.filter((pid) => pid !== process.pid);
}

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
