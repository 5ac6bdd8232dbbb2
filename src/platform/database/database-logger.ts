import { Logger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';

const SLOW_QUERY_MS = 500;

/**
 * TypeORM's messages through the application logger, as JSON like every other line, and
 * without query parameters: those hold e-mail addresses, password hashes and tokens.
 */
export class DatabaseLogger implements TypeOrmLogger {
  private readonly logger = new Logger('Database');

  logQuery(): void {}

  logQueryError(error: string | Error, query: string): void {
    const { message, code } = (typeof error === 'string' ? { message: error } : error) as {
      message: string;
      code?: string;
    };
    this.logger.warn({ query: truncate(query), code, message }, 'query failed');
  }

  logQuerySlow(time: number, query: string): void {
    if (time >= SLOW_QUERY_MS) this.logger.warn({ query: truncate(query), durationMs: time }, 'slow query');
  }

  logSchemaBuild(message: string): void {
    this.logger.debug(message);
  }

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
    else this.logger.debug(String(message));
  }
}

const truncate = (query: string): string => (query.length > 500 ? `${query.slice(0, 500)}…` : query);
