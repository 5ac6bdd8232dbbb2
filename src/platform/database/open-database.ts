import type { PlatformConfig, Settings } from '../config/config.schema';
import { reasonOf, StartupFailure, withoutPassword } from '../config/startup-failure';
import { openEmbeddedPostgres } from './embedded/embedded-postgres';
import { ensureDatabase } from './ensure-database';

export interface OpenedDatabase {
  url: string;
  /** For people: "embedded PostgreSQL at …", or the URL without its password. */
  description: string;
  embedded: boolean;
  /** Stops the embedded server this process started; nothing otherwise. */
  close(): Promise<void>;
}

/**
 * The database the platform runs on: DATABASE_URL when set, else the embedded PostgreSQL in
 * DATA_DIR/postgres (started now, or joined when `join` and an app already runs it).
 */
export async function openDatabase(settings: Settings, { join }: { join: boolean }): Promise<OpenedDatabase> {
  if (settings.DATABASE_URL)
    return {
      url: settings.DATABASE_URL,
      description: withoutPassword(settings.DATABASE_URL),
      embedded: false,
      close: async () => undefined,
    };
  const server = await openEmbeddedPostgres(settings.DATA_DIR, { join });
  return {
    url: server.url,
    description: `embedded PostgreSQL at ${server.directory}`,
    embedded: true,
    close: () => server.stop(),
  };
}

/** Connects once (creating the database when missing), so that a wrong DATABASE_URL fails the start in one line that names it. */
export async function prepareDatabase(
  config: Pick<PlatformConfig, 'DATABASE_URL' | 'DATABASE_CONNECT_TIMEOUT_MS'>,
): Promise<void> {
  try {
    await ensureDatabase(config.DATABASE_URL, config.DATABASE_CONNECT_TIMEOUT_MS);
  } catch (error) {
    throw new StartupFailure(
      `Cannot use PostgreSQL at ${withoutPassword(config.DATABASE_URL)} (${reasonOf(error)}): start it, fix DATABASE_URL, or unset DATABASE_URL for the embedded one`,
    );
  }
}
