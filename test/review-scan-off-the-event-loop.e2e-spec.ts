import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from './support/http-client';
import { registerAndLogin, type RegisteredUser } from './support/identity-fixtures';
import { percentile, probeLiveness } from './support/liveness-probe';
import { libraryCode, REAL_LIBRARIES } from './support/real-libraries';
import { uploadBundle, userWithRole } from './support/review-fixtures';
import { startServerProcess, waitUntilReady, type ServerProcess } from './support/server-process';
import { waitFor } from './support/wait-for';
import { buildZip, cleanMiniApp } from './support/zip-builder';

const ADMIN_EMAIL = `scan-admin-${randomUUID()}@example.com`;
const BUDGET_MS = 50;

const summary = (latencies: number[]) =>
  `p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(0)} ms over ${latencies.length} requests`;

describe('review: the scan runs off the event loop', { timeout: 150_000, retry: 1 }, () => {
  let server: ServerProcess;
  let http: HttpClient;
  let developer: RegisteredUser;
  beforeAll(async () => {
    // The built server in a process of its own, as in production: the test's own work cannot slow its event loop.
    server = await startServerProcess({
      ADMIN_EMAIL,
      REVIEW_SCAN_THREADS: '1',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '1000000',
      AUTH_RATE_LIMIT_PER_MINUTE: '10000',
    });
    await waitUntilReady(server);
    http = new HttpClient(server.baseUrl);
    const adminToken = (await registerAndLogin(http, { email: ADMIN_EMAIL })).accessToken;
    developer = await userWithRole(http, adminToken, 'developer');
  }, 90_000);
  afterAll(() => server?.stop());

  it('keeps /health/live under 50 ms at p99 while a bundle of 5 MB of real library code is scanned', async () => {
    const slug = `big-${randomUUID().slice(0, 8)}`;
    await http.post(
      '/review/mini-apps',
      { slug, name: 'Big App', category: 'mobility', description: 'Ships a lot of code.' },
      { token: developer.accessToken },
    );
    // Twice every library: about 5 MB of JavaScript, seconds of the scanner's time.
    const vendor = [0, 1].flatMap((copy) =>
      REAL_LIBRARIES.map((path, i) => ({ name: `vendor/${copy}-${i}.js`, data: libraryCode(path) })),
    );
    const zip = buildZip([...cleanMiniApp({ slug }), ...vendor]);
    // The same probe without a scan first: how fast this machine answers at all.
    const quiet = probeLiveness(server.baseUrl);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const baseline = await quiet.stop();

    const uploaded = await uploadBundle(http, developer.accessToken, slug, zip);
    expect(uploaded.status, uploaded.text).toBe(202);
    const probe = probeLiveness(server.baseUrl);
    const decided = await waitFor(
      async () => {
        const version = (await http.get(`/review/mini-apps/${slug}/versions/1.0.0`, { token: developer.accessToken }))
          .body;
        return ['in-review', 'rejected'].includes(version.status) && version;
      },
      90_000,
      50,
    ).finally(() => probe.stop());
    const latencies = await probe.stop();

    // The scan ran to its verdict (swagger-ui and rxjs use the network themselves), not to an internal failure.
    expect(decided.findings.map((f: { ruleId: string }) => f.ruleId)).not.toContain('bundle-unreadable');
    expect(latencies.length).toBeGreaterThan(50);
    // A machine so busy (other test files, other processes) that /health/live misses 50 ms at p99 even
    // without a scan cannot show the 50 ms; the scan must then add no more than that to what it does
    // show. A scan on the event loop stalls it for seconds, and fails either way.
    const limit = percentile(baseline, 99) < BUDGET_MS ? BUDGET_MS : percentile(baseline, 99) + BUDGET_MS;
    expect(
      percentile(latencies, 99),
      `during the scan: ${summary(latencies)}; without a scan: ${summary(baseline)}`,
    ).toBeLessThan(limit);
  });
});
