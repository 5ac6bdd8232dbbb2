/**
 * `npm run bench:scan`: the review scanner against a bare parse of the same code, and one upload's way to a decision.
 *
 * 1. Scanner speed: real minified bundles that ship in node_modules (a few MB in all) are scanned with
 *    `scanBundle` and, interleaved in the same run, only parsed with the scanner's own parser (meriyah, same
 *    options). MB/s of each is the median over BENCH_SCAN_ROUNDS (15) rounds of this process's CPU time; the ratio
 *    is scan / parse (goal ≥ 0.8, issue 20: the analysis and the rules cost at most a quarter of the parse).
 * 2. Upload to decision: the platform (`node dist/main.js`, fresh database and Redis prefix) takes a 1 MB bundle
 *    (a clean mini-app plus real library code) from a developer; the time from the upload's first byte to the
 *    version reaching `in-review` (or `rejected`) is measured, BENCH_UPLOADS (5) times, median and max.
 *    Meanwhile /health/live is asked every 10 ms: its p50/p99/max show whether scanning holds up the API.
 * Prints one JSON line; progress on stderr. The goal is reported, never enforced.
 */
import { randomUUID } from 'node:crypto';
import { parseJavaScript } from '../src/modules/review/domain/scanner/javascript/parse-javascript';
import { scanBundle } from '../src/modules/review/domain/scanner';
import { percentile, probeLiveness } from '../test/support/liveness-probe';
import { CLEAN_LIBRARIES, libraryCode, REAL_LIBRARIES } from '../test/support/real-libraries';
import { buildZip, cleanMiniApp } from '../test/support/zip-builder';
import { log } from './support/log';
import { startPlatform } from './support/platform-process';
import { runBench } from './support/run-bench';

const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const GOAL_RATIO = 0.8;
const positive = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number`);
  return value;
};
const round1 = (value: number) => Math.round(value * 10) / 10;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const cpuMs = (work: () => void) => {
  const before = process.cpuUsage();
  work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
};

function scannerSpeed(rounds: number) {
  const files = REAL_LIBRARIES.map((path) => ({ path, content: libraryCode(path) }));
  const megabytes = files.reduce((sum, f) => sum + Buffer.byteLength(f.content), 0) / 1e6;
  const parseAll = () => files.forEach((f) => parseJavaScript(f.content, 'script', true));
  const scanAll = () => scanBundle({ files, domains: [] });
  parseAll();
  scanAll(); // warm-up: JIT for both
  const parse: number[] = [];
  const scan: number[] = [];
  for (let i = 0; i < rounds; i++) {
    parse.push(cpuMs(parseAll));
    scan.push(cpuMs(scanAll));
  }
  const parseMBps = Math.round((megabytes / (median(parse) / 1000)) * 100) / 100;
  const scanMBps = Math.round((megabytes / (median(scan) / 1000)) * 100) / 100;
  log(
    `scanner: ${megabytes.toFixed(2)} MB in ${files.length} files; parse ${parseMBps} MB/s, scan ${scanMBps} MB/s (medians of ${rounds})`,
  );
  return {
    megabytes: Math.round(megabytes * 100) / 100,
    files: files.length,
    parseMBps,
    scanMBps,
    ratio: Math.round((scanMBps / parseMBps) * 1000) / 1000,
  };
}

async function call(
  base: string,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  const response = await fetch(base + path, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function login(base: string, email: string, password: string): Promise<{ id: string; token: string }> {
  const registered = await call(base, 'POST', '/identity/register', undefined, {
    email,
    password,
    displayName: 'Bench Developer',
  });
  const session = await call(base, 'POST', '/identity/login', undefined, { email, password });
  if (session.status !== 200) throw new Error(`login failed: ${session.status}`);
  return { id: registered.body.id, token: session.body.accessToken };
}

interface Decisions {
  bundleBytes: number;
  medianMs: number;
  maxMs: number;
  statuses: string[];
  /** /health/live's latency while the uploads were scanned (a request every 10 ms): whether the scan holds up the API. */
  healthLiveMs: { p50: number; p99: number; max: number; samples: number };
}

async function uploadToDecision(uploads: number): Promise<Decisions> {
  const adminEmail = `bench-admin-${randomUUID()}@example.com`;
  const { base } = await startPlatform({
    postgresUrl: POSTGRES_URL,
    redisUrl: REDIS_URL,
    extraEnv: { ADMIN_EMAIL: adminEmail },
  });

  const password = `bench ${randomUUID()}`;
  const admin = await login(base, adminEmail, password);
  const developerEmail = `bench-dev-${randomUUID()}@example.com`;
  const developer = await login(base, developerEmail, password);
  await call(base, 'POST', `/identity/users/${developer.id}/roles`, admin.token, { role: 'developer' });
  const { token } = await login(base, developerEmail, password);

  // Stored, not deflated, so the .zip itself is about 1 MB: the size limits and the transfer see the full megabyte.
  const filler = [...CLEAN_LIBRARIES, CLEAN_LIBRARIES[0]].map((path, i) => ({
    name: `vendor/lib-${i}.js`,
    data: libraryCode(path),
    store: true,
  }));
  const times: number[] = [];
  const statuses: string[] = [];
  const liveness: number[] = [];
  let bundleBytes = 0;
  for (let i = 0; i < uploads; i++) {
    const slug = `bench-${randomUUID().slice(0, 8)}`;
    await call(base, 'POST', '/review/mini-apps', token, {
      slug,
      name: 'Bench App',
      category: 'maps',
      description: 'A bundle of about 1 MB.',
    });
    const zip = buildZip([...cleanMiniApp({ slug }), ...filler]);
    bundleBytes = zip.length;
    const form = new FormData();
    form.append('bundle', new Blob([new Uint8Array(zip)], { type: 'application/zip' }), 'bundle.zip');
    const probe = probeLiveness(base);
    const started = performance.now();
    const uploaded = await fetch(`${base}/review/mini-apps/${slug}/versions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    if (uploaded.status !== 202) throw new Error(`upload: ${uploaded.status} ${await uploaded.text()}`);
    for (;;) {
      const version = await call(base, 'GET', `/review/mini-apps/${slug}/versions/1.0.0`, token);
      if (['in-review', 'rejected'].includes(version.body.status)) {
        times.push(performance.now() - started);
        statuses.push(version.body.status);
        break;
      }
      if (performance.now() - started > 60_000) throw new Error('no decision within 60 s');
      await new Promise((resolveWait) => setTimeout(resolveWait, 5));
    }
    liveness.push(...(await probe.stop()));
  }
  log(
    `upload to decision: ${bundleBytes} bytes; ${times.map((t) => t.toFixed(0)).join(', ')} ms (${statuses.join(', ')})`,
  );
  const healthLiveMs = {
    p50: round1(percentile(liveness, 50)),
    p99: round1(percentile(liveness, 99)),
    max: round1(Math.max(...liveness)),
    samples: liveness.length,
  };
  log(
    `/health/live meanwhile: p50 ${healthLiveMs.p50} ms, p99 ${healthLiveMs.p99} ms, max ${healthLiveMs.max} ms (${liveness.length} requests)`,
  );
  return {
    bundleBytes,
    medianMs: Math.round(median(times)),
    maxMs: Math.round(Math.max(...times)),
    statuses,
    healthLiveMs,
  };
}

async function run(): Promise<object> {
  const scanner = scannerSpeed(positive('BENCH_SCAN_ROUNDS', 15));
  const decision = await uploadToDecision(positive('BENCH_UPLOADS', 5));
  return {
    bench: 'scan',
    ...scanner,
    uploadToDecision: decision,
    goal: { ratio: GOAL_RATIO, met: scanner.ratio >= GOAL_RATIO },
  };
}

void runBench(run);
