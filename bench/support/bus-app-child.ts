/**
 * The platform child of `npm run bench:bus` (support/bus-app.ts), started and driven over IPC by the bench:
 * `startBusApp` spawns it (compiled dist/ through SWC's register hook, logs on the bench's stderr),
 * `AppChild` sends it one command at a time and stops it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import type { Command, StatsReport } from './bus-app';

const ROOT = resolve(__dirname, '..', '..');

/** Node flags for the app children, e.g. BENCH_APP_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" (V8 refuses --cpu-prof in NODE_OPTIONS). */
export function appNodeArgs(): string[] {
  return (process.env.BENCH_APP_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
}

/** Starts support/bus-app.ts with `env`; wait for it with `ready`. */
export function startBusApp(env: NodeJS.ProcessEnv): AppChild {
  return new AppChild(
    spawn(
      process.execPath,
      [
        ...appNodeArgs(),
        '--enable-source-maps',
        '--require',
        join(ROOT, 'scripts', 'swc-register.cjs'),
        join(__dirname, 'bus-app.ts'),
      ],
      { cwd: ROOT, env, stdio: ['ignore', 2, 2, 'ipc'] },
    ),
  );
}

type Distributed<T> = T extends unknown ? Omit<T, 'id'> : never;

/** The app child, driven over IPC: one request at a time, answered by `done` or `failed` with its id. */
export class AppChild {
  private lastId = 0;
  private readonly waiting = new Map<number, { resolve: (value: any) => void; reject: (error: Error) => void }>();
  private readonly readiness: Promise<{ subscribers: string[] }>;
  private readonly exited: Promise<unknown>;

  constructor(private readonly child: ChildProcess) {
    this.exited = once(child, 'exit');
    this.readiness = new Promise((resolveReady, rejectReady) => {
      child.on('message', (message: { type: string; id?: number; message?: string; subscribers?: string[] }) => {
        if (message.type === 'ready') return resolveReady({ subscribers: message.subscribers ?? [] });
        const waiter = this.waiting.get(message.id ?? -1);
        if (message.type === 'failed' && !waiter) return rejectReady(new Error(message.message));
        if (!waiter) return;
        this.waiting.delete(message.id!);
        if (message.type === 'done') waiter.resolve(message);
        else waiter.reject(new Error(`the app failed: ${message.message}`));
      });
      child.on('exit', (code, signal) => {
        const error = new Error(`the app exited (${code ?? signal})`);
        rejectReady(error);
        for (const waiter of this.waiting.values()) waiter.reject(error);
        this.waiting.clear();
      });
    });
    this.readiness.catch(() => undefined);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  async ready(deadlineMs: number): Promise<{ subscribers: string[] }> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>(
      (_, reject) =>
        (timer = setTimeout(() => reject(new Error(`the app was not ready within ${deadlineMs} ms`)), deadlineMs)),
    );
    try {
      return await Promise.race([this.readiness, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  request<T>(command: Distributed<Command>): Promise<T> {
    const id = ++this.lastId;
    return new Promise<T>((resolveRequest, rejectRequest) => {
      this.waiting.set(id, { resolve: resolveRequest, reject: rejectRequest });
      this.child.send({ ...command, id }, (error) => {
        if (!error) return;
        this.waiting.delete(id);
        rejectRequest(error);
      });
    });
  }

  /** Asks the app to close (BullMQ lets running jobs finish); SIGKILL if it has not exited by the deadline. */
  async stop(deadlineMs = 20_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    if (this.child.connected) this.child.send({ type: 'stop', id: ++this.lastId });
    else this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), deadlineMs);
    try {
      await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** What the app did between two `stats` reports (CPU and statements; the event-loop delay is already per interval). */
export function statsDelta(before: StatsReport, after: StatsReport): StatsReport {
  const statements: Record<string, number> = {};
  for (const [kind, count] of Object.entries(after.statements)) {
    const delta = count - (before.statements[kind] ?? 0);
    if (delta > 0) statements[kind] = delta;
  }
  return {
    ...after,
    cpuUserMs: after.cpuUserMs - before.cpuUserMs,
    cpuSystemMs: after.cpuSystemMs - before.cpuSystemMs,
    statements,
  };
}

/** Counts by kind per delivery, the total first, then the largest first: `2.30: 1.00 INSERT …; 0.39 COMMIT`. */
export function perDelivery(counts: Record<string, number>, deliveries: number): string {
  const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
  const kinds = Object.entries(counts)
    .sort(([, a], [, b]) => b - a)
    .map(([kind, count]) => `${(count / deliveries).toFixed(2)} ${kind}`)
    .join('; ');
  return `${(total / deliveries).toFixed(2)}: ${kinds}`;
}
