import './instrument';
import { createApp } from './app.factory';
import { ConfigError, loadConfig } from './platform/config/load-config';
import { stopTracing } from './platform/observability/tracing';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  const app = await createApp(config);
  const grace = config.SHUTDOWN_GRACE_MS;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      // Stop accepting, let in-flight requests finish, close the pools; the timer bounds how long that may take.
      setTimeout(() => process.exit(1), grace).unref();
      app
        .close()
        .then(stopTracing)
        .then(
          () => process.exit(0),
          () => process.exit(1),
        );
    });
  }
  await app.listen({ port: config.PORT, host: config.HOST });
}

main().catch((error: unknown) => {
  // A refusal that says what to set (a second Redis-less instance, say) is that one line.
  if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
  else process.stderr.write(`Failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
