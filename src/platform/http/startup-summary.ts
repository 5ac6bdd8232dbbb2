import type { PlatformConfig } from '../config/app-config';
import { withoutPassword } from '../config/startup-failure';
import { deploymentMode, HOW_TO_SWITCH } from '../instance/deployment-mode';

export interface StartupFacts {
  config: Pick<PlatformConfig, 'HOST' | 'NODE_ENV' | 'REDIS_URL'>;
  port: number;
  /** "embedded PostgreSQL at …" or the URL without its password. */
  database: string;
  embeddedDatabase: boolean;
}

/** The few lines a person needs once the platform listens: where to go, what it runs on, how to change that. */
export function startupSummary({ config, port, database, embeddedDatabase }: StartupFacts): string {
  const url = `http://${browsableHost(config.HOST)}:${port}`;
  const switchDatabase = embeddedDatabase
    ? 'set DATABASE_URL to use your own PostgreSQL'
    : 'unset DATABASE_URL for an embedded one';
  const switchMode =
    config.NODE_ENV === 'production' ? '' : ' (NODE_ENV=production for production: README, Configuration)';
  return [
    `Super-app platform listening on ${url}`,
    `  Swagger UI  ${url}/docs`,
    `  Database    ${database} (${switchDatabase})`,
    `  Redis       ${config.REDIS_URL ? `${withoutPassword(config.REDIS_URL)}: several instances may share it` : 'none: a single instance'} (${HOW_TO_SWITCH[deploymentMode(config)]})`,
    `  Mode        ${config.NODE_ENV}${switchMode}`,
    '  Settings    environment or .env (every one in .env.example); Ctrl-C stops',
  ].join('\n');
}

/** An address a browser on this machine can open: a wildcard listen address is reached as localhost. */
function browsableHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}
