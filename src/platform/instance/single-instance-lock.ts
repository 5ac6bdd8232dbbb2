import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import type { PlatformConfig } from '../config/app-config';
import { ConfigError } from '../config/load-config';
import { ensureDatabase } from '../database/ensure-database';
import { PeriodicTask } from '../scheduling/periodic-task';
import { HOW_TO_SWITCH } from './deployment-mode';

/** The lock's key, a bigint like the modules' advisory locks; every advisory lock is the database's own. */
const LOCK_KEY = `hashtextextended('platform.single-instance', 0)`;
/**
 * How long a start waits for the lock: a predecessor killed a moment ago still holds it until
 * PostgreSQL has seen its connection close, which takes milliseconds when the socket is closed.
 */
const START_WAIT_MS = 3_000;
/** While the lock is lost (its connection dropped), how often the instance tries to take it back. */
const RETAKE_EVERY_MS = 2_000;
/**
 * The session's settings: the start's wait, and TCP keepalives so that PostgreSQL ends the session
 * (and frees the lock) about 25 s after this instance's host vanishes, instead of the kernel's 2 h.
 */
const SESSION_SETTINGS = `SET lock_timeout = ${START_WAIT_MS}; SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3`;
const LOCK_NOT_AVAILABLE = '55P03';

/**
 * What makes a Redis-less instance the only one on its database (ADR 0018): a session-level
 * advisory lock, held on a connection of its own for the life of the process. Its rate limits
 * and queues are in its memory, so a second such instance would double every limit; it refuses to
 * start instead. Should the connection drop (PostgreSQL restarted), the instance keeps serving,
 * reports not ready and takes the lock back as soon as it can.
 */
export class SingleInstanceLock {
  private readonly logger = new Logger('SingleInstance');
  private readonly retake = new PeriodicTask(
    'taking the single-instance lock back',
    () => this.takeBack(),
    this.logger,
  );
  private releasing = false;
  private warnedTaken = false;
  private holding = true;

  private constructor(
    private client: Client,
    private readonly config: PlatformConfig,
  ) {
    this.watch(client);
    this.retake.start(RETAKE_EVERY_MS); // does nothing while the lock is held
  }

  /** Takes the lock, waiting a few seconds for a predecessor's session to end; a ConfigError in one line if another instance holds it. */
  static async acquire(config: PlatformConfig): Promise<SingleInstanceLock> {
    await ensureDatabase(config.DATABASE_URL);
    const client = await connect(config);
    try {
      await client.query(`SELECT pg_advisory_lock(${LOCK_KEY})`);
    } catch (error) {
      const holder =
        (error as { code?: string }).code === LOCK_NOT_AVAILABLE ? await holderOf(client).catch(() => '') : undefined;
      await client.end().catch(() => undefined);
      if (holder === undefined) throw error;
      throw new ConfigError(
        `Refusing to start: another instance runs without Redis on this database${holder} and holds its single-instance lock; stop it, or ${HOW_TO_SWITCH['single-instance']}`,
      );
    }
    return new SingleInstanceLock(client, config);
  }

  /** True while this process holds the lock; false from the moment its connection drops until it is taken back. */
  get held(): boolean {
    return this.holding;
  }

  async release(): Promise<void> {
    this.releasing = true;
    await this.retake.stop();
    await this.client.end().catch(() => undefined); // ending the session releases its locks
  }

  private watch(client: Client): void {
    client.on('error', () => undefined); // reported once, by the end event
    client.on('end', () => {
      if (this.releasing || client !== this.client) return;
      this.holding = false;
      this.logger.error(
        'lost the single-instance lock (its PostgreSQL connection closed); not ready until it is taken back',
      );
    });
  }

  private async takeBack(): Promise<void> {
    if (this.holding || this.releasing) return;
    // PostgreSQL away (connecting or asking fails): nothing to say here, the readiness check says it.
    const client = await connect(this.config).catch(() => undefined);
    const taken = await client?.query<{ taken: boolean }>(`SELECT pg_try_advisory_lock(${LOCK_KEY}) AS taken`).then(
      (result) => result.rows[0].taken,
      () => undefined,
    );
    if (!client || taken !== true || this.releasing) {
      await client?.end().catch(() => undefined);
      if (taken === false && !this.warnedTaken) {
        this.warnedTaken = true;
        this.logger.error(
          `another instance took the single-instance lock meanwhile: two instances run without Redis on this database; stop one, or ${HOW_TO_SWITCH['single-instance']}`,
        );
      }
      return;
    }
    this.client = client;
    this.watch(client);
    this.holding = true;
    this.warnedTaken = false;
    this.logger.log('holds the single-instance lock again');
  }
}

async function connect(config: PlatformConfig): Promise<Client> {
  const client = new Client({
    connectionString: config.DATABASE_URL,
    keepAlive: true,
    application_name: `${config.OTEL_SERVICE_NAME}:single-instance`,
  });
  try {
    await client.connect();
    await client.query(SESSION_SETTINGS);
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
}

/** ` (PostgreSQL session 1234 from 10.0.0.5)`, for an operator who has to end a session its host left behind. */
async function holderOf(client: Client): Promise<string> {
  const { rows } = await client.query<{ pid: number; client_addr: string | null }>(
    `SELECT a.pid, host(a.client_addr) AS client_addr FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND ((l.classid::bigint << 32) | l.objid::bigint) = ${LOCK_KEY}`,
  );
  const [holder] = rows;
  return holder ? ` (PostgreSQL session ${holder.pid}${holder.client_addr ? ` from ${holder.client_addr}` : ''})` : '';
}
