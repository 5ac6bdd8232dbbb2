/**
 * A failure to start that the person starting the platform can fix: its message is one line that
 * names what to change (a setting, a port, a service to start). main.ts and the CLI print it alone,
 * without a stack trace, and exit non-zero; anything else is a bug and keeps its stack.
 */
export class StartupFailure extends Error {}

/** The first line of what went wrong, for a StartupFailure's parenthesis (a connection error's code when it has no message). */
export function reasonOf(error: unknown): string {
  const { message, code } = error as { message?: string; code?: string };
  return message?.split('\n')[0] || code || String(error);
}

/** A connection URL fit to show: the password dropped. */
export function withoutPassword(url: string): string {
  const parsed = new URL(url);
  parsed.password = '';
  // libpq and ioredis also take secrets as query parameters.
  for (const secret of ['password', 'sslpassword', 'sslkey'])
    if (parsed.searchParams.has(secret)) parsed.searchParams.set(secret, '***');
  return parsed.toString();
}
