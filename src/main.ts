import './instrument';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { PlatformConfig } from './platform/config/app-config';
import { loadSettings } from './platform/config/load-config';
import { StartupFailure } from './platform/config/startup-failure';
import { openDatabase, type OpenedDatabase, prepareDatabase } from './platform/database/open-database';
import { assertPortFree, listen } from './platform/http/listen';
import { startupSummary } from './platform/http/startup-summary';
import { stopTracing } from './platform/observability/tracing';
import { assertRedisReachable } from './platform/redis/check-redis';

async function main(): Promise<void> {
  const settings = loadSettings();
  await assertPortFree(settings.HOST, settings.PORT);
  await assertRedisReachable(settings.REDIS_URL);
  const database = await openDatabase(settings, { join: false });
  let app: NestFastifyApplication | undefined;
  try {
    const config: PlatformConfig = { ...settings, DATABASE_URL: database.url };
    await prepareDatabase(config);
    // Loaded only now: the whole platform takes seconds to load, and the checks above should fail at once.
    const { createApp } = await import('./app.factory.js');
    const started = (app = await createApp(config));
    const port = await listen(started, config.HOST, config.PORT);
    stopOnSignals(started, database, config.SHUTDOWN_GRACE_MS);
    process.stderr.write(
      `${startupSummary({ config, port, database: database.description, embeddedDatabase: database.embedded })}\n`,
    );
  } catch (error) {
    await app?.close().catch(() => undefined);
    await database.close();
    throw error;
  }
}

/**
 * SIGTERM or SIGINT (npm forwards both; a terminal's Ctrl-C may deliver SIGINT twice, through npm
 * and directly): stop accepting, let in-flight requests finish, close the pools, then stop the
 * embedded database. SHUTDOWN_GRACE_MS bounds it all.
 */
function stopOnSignals(app: NestFastifyApplication, database: OpenedDatabase, graceMs: number): void {
  const logger = new Logger('Shutdown');
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: no new connections; finishing in-flight requests (at most ${graceMs} ms)`);
    setTimeout(() => {
      logger.error(`still busy after SHUTDOWN_GRACE_MS (${graceMs} ms): exiting now`);
      process.exit(1);
    }, graceMs).unref();
    app
      .close()
      .then(() => database.close())
      .then(stopTracing)
      .then(
        () => {
          logger.log(database.embedded ? 'stopped, and the embedded PostgreSQL with it' : 'stopped');
          process.exit(0);
        },
        (error: unknown) => {
          logger.error(`shutdown failed: ${(error as Error).message}`);
          process.exit(1);
        },
      );
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, stop);
}

main().catch((error: unknown) => {
  // A failure the person can fix is one line that names what to change; anything else is a bug and keeps its stack.
  process.stderr.write(
    error instanceof StartupFailure
      ? `${error.message}\n`
      : `Failed to start: ${(error as Error).stack ?? String(error)}\n`,
  );
  process.exit(1);
});
