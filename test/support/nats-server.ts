import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';
import { waitFor } from './wait-for';

const BINARY = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';

/**
 * A test-owned `nats-server -js` on a free loopback port, its JetStream store in a temporary
 * directory: killed and started again on the same port and store, it comes back with its streams,
 * consumers and messages. `configFile`: a configuration of its own (TLS, users), the port and
 * store still the helper's.
 */
export class NatsServer {
  private process?: ChildProcess;
  private output = '';

  private constructor(
    readonly port: number,
    private readonly storeDir: string,
    private readonly configFile?: string,
  ) {}

  static async start({ configFile }: { configFile?: string } = {}): Promise<NatsServer> {
    const server = new NatsServer(await freePort(), mkdtempSync(join(tmpdir(), 'superapp-nats-')), configFile);
    // Not ready in time (or exited): nothing left running, no store left behind.
    await server.restart().catch(async (error: unknown) => {
      await server.close();
      throw error;
    });
    return server;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  /** What it logged since it last started (it logs each permissions violation, with its user and subject). */
  get log(): string {
    return this.output;
  }

  /** Starts it (again), and waits until it is ready. */
  async restart(): Promise<void> {
    this.output = '';
    const config = this.configFile ? ['-c', this.configFile] : [];
    const child = spawn(BINARY, [...config, '-js', '-a', '127.0.0.1', '-p', String(this.port), '-sd', this.storeDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk) => (this.output += chunk));
    child.stderr.on('data', (chunk) => (this.output += chunk));
    this.process = child;
    await waitFor(
      () => {
        if (child.exitCode !== null) throw new Error(`nats-server exited: ${this.output}`);
        return this.output.includes('Server is ready');
      },
      10_000,
      20,
    );
  }

  /** SIGKILL, as a crash: nothing flushed on the way out. */
  async kill(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  async close(): Promise<void> {
    await this.kill();
    rmSync(this.storeDir, { recursive: true, force: true });
  }
}
