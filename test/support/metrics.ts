import { SIGNUP_FUNNEL_STEPS } from '../../src/platform/observability/signup-funnel';
import type { TestApp } from './test-app';

/** Where a platform serves its Prometheus metrics and what a scraper must send: the one place the tests know it. */
export interface MetricsEndpoint {
  url: URL;
  /** A bearer token, where the metrics are behind one. */
  bearer?: string;
}

export function metricsEndpoint(t: TestApp): MetricsEndpoint {
  return { url: new URL('/metrics', t.baseUrl) };
}

/** The metrics as Prometheus would scrape them now (text exposition format). */
export async function scrapeMetrics(t: TestApp): Promise<string> {
  const { url, bearer } = metricsEndpoint(t);
  const response = await fetch(url, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
  if (!response.ok) throw new Error(`scraping ${url.href} answered ${response.status}`);
  return response.text();
}

/** The scrape job a Prometheus needs for this platform (YAML, for a generated prometheus.yml). */
export function scrapeJob(t: TestApp, job: string, intervalSeconds: number): string {
  const { url, bearer } = metricsEndpoint(t);
  return [
    `  - job_name: ${job}`,
    `    scrape_interval: ${intervalSeconds}s`,
    `    scheme: ${url.protocol.replace(':', '')}`,
    `    metrics_path: ${url.pathname}`,
    ...(bearer ? ['    authorization:', `      credentials: ${bearer}`] : []),
    `    static_configs:`,
    `      - targets: ["${url.host}"]`,
  ].join('\n');
}

/** `user_signup_funnel_total` per step, as a scrape shows it now. */
export async function funnelCounts(t: TestApp): Promise<Record<string, number>> {
  const text = await scrapeMetrics(t);
  return Object.fromEntries(
    SIGNUP_FUNNEL_STEPS.map((step) => [
      step,
      Number(text.match(new RegExp(`^user_signup_funnel_total\\{step="${step}"\\} (\\d+)`, 'm'))?.[1]),
    ]),
  );
}

/** How much each step moved between two readings. */
export const funnelMoves = (before: Record<string, number>, after: Record<string, number>) =>
  Object.fromEntries(SIGNUP_FUNNEL_STEPS.map((step) => [step, after[step] - before[step]]));
