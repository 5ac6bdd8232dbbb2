import autocannon from 'autocannon';
import { log } from './log';

export interface LoadSettings {
  connections: number;
  pipelining: number;
  durationSeconds: number;
  warmupSeconds: number;
}

export interface Summary {
  /** Average requests per second over the measured run. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * A discarded warm-up run (JIT, connection pools, caches), then the measured run with the same settings.
 * Every measured request must have been answered 2xx, or the whole bench fails: a fast stream of
 * 401s or 429s would be a meaningless number.
 */
export async function measure(
  name: string,
  url: string,
  settings: LoadSettings,
  headers: Record<string, string> = {},
): Promise<Summary> {
  const options = { url, headers, connections: settings.connections, pipelining: settings.pipelining };
  log(`${name}: warm-up ${settings.warmupSeconds} s on ${url}`);
  await autocannon({ ...options, duration: settings.warmupSeconds });
  log(`${name}: measuring ${settings.durationSeconds} s`);
  const result = await autocannon({ ...options, duration: settings.durationSeconds });
  if (result['2xx'] === 0 || result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(
      `${name}: not every response was 2xx: ${result['2xx']} 2xx, ${result.non2xx} non-2xx ` +
        `(by status ${JSON.stringify(result.statusCodeStats)}), ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
  const summary = { rps: result.requests.average, p50Ms: result.latency.p50, p99Ms: result.latency.p99 };
  log(
    `${name}: ${summary.rps} req/s, p50 ${summary.p50Ms} ms, p99 ${summary.p99Ms} ms (${result.requests.total} requests)`,
  );
  return summary;
}
