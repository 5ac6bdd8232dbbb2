import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import { APP_CONFIG, type PlatformConfig } from '../config/app-config';

/** Two connections: each write is one short statement that waits for nothing else. */
const POOL_SIZE = 2;

/**
 * Writes that must be durable *now*, whatever the surrounding unit of work does later: a journal
 * entry made before an external call (a card charge) that a crash must not take back. Each query
 * commits on its own, on a small pool of its own, so a caller holding one of the main pool's
 * connections never waits for another one of them (N such callers could otherwise wait forever).
 */
@Injectable()
export class AutonomousWrites implements OnApplicationShutdown {
  private readonly pool: Pool;

  constructor(@Inject(APP_CONFIG) config: PlatformConfig) {
    this.pool = new Pool({
      connectionString: config.DATABASE_URL,
      max: POOL_SIZE,
      application_name: `${config.OTEL_SERVICE_NAME}:autonomous`,
    });
    // An idle connection PostgreSQL drops (a restart, a failover) is reported here; unheard, it would end the process.
    const logger = new Logger('AutonomousWrites');
    this.pool.on('error', (error) => logger.warn(`an idle connection failed: ${error.message}`));
  }

  async query<T = Record<string, unknown>>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    const result = await this.pool.query(sql, parameters);
    return result.rows as T[];
  }

  onApplicationShutdown(): Promise<void> {
    return this.pool.end();
  }
}
