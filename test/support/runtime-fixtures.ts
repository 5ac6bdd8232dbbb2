import { randomUUID } from 'node:crypto';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { Client } from 'pg';
import { expect } from 'vitest';
import type { HttpClient } from './http-client';
import { registerAndLogin, type RegisteredUser } from './identity-fixtures';
import { uploadBundle, userWithRole } from './review-fixtures';
import { startTestApp, type TestApp } from './test-app';
import { waitFor } from './wait-for';
import { buildZip, cleanMiniApp } from './zip-builder';
import { movableClock } from './movable-clock';

export interface RuntimeWorld {
  t: TestApp;
  adminToken: string;
  developer: RegisteredUser;
  reviewer: RegisteredUser;
  /** Moves the platform's clock forward (the runtime reads its expiries from it). */
  advanceClock(ms: number): void;
}

/** The platform with an admin, a developer and a reviewer, and a clock the test can move. */
export async function startRuntimeWorld(env: Record<string, string> = {}, port = 0): Promise<RuntimeWorld> {
  const adminEmail = `runtime-admin-${randomUUID()}@example.com`;
  const t = await startTestApp({ ADMIN_EMAIL: adminEmail, ...env }, [], port);
  const adminToken = (await registerAndLogin(t.http, { email: adminEmail })).accessToken;
  const [developer, reviewer] = await Promise.all([
    userWithRole(t.http, adminToken, 'developer'),
    userWithRole(t.http, adminToken, 'reviewer'),
  ]);
  return { t, adminToken, developer, reviewer, advanceClock: movableClock(t.app) };
}

export interface MiniAppVersion {
  slug?: string;
  version?: string;
  category?: string;
  permissions?: Array<{ scope: string; purpose: string }>;
  domains?: string[];
  /** The developer who owns it (the world's developer by default). */
  developer?: RegisteredUser;
  name?: string;
  /** The bundle's files beside manifest.json (a clean page and script by default). */
  files?: Array<{ name: string; data: string }>;
  /**
   * For a hostile mini-app the scanner rejects: the test plays a scanner that missed it (the version is
   * moved on to review in the database), so the browser's sandbox is what stops it.
   */
  pastTheScanner?: boolean;
}

/**
 * Takes a version of a mini-app through the real pipeline (registered the first time, uploaded,
 * scanned, approved, published) and waits until the runtime runs it. Its code uses only scope-less
 * SDK calls, so any permissions the category allows pass the scan.
 */
export async function publishMiniApp(world: RuntimeWorld, spec: MiniAppVersion = {}): Promise<string> {
  const { t, reviewer } = world;
  const developer = spec.developer ?? world.developer;
  const slug = spec.slug ?? `app-${randomUUID().slice(0, 8)}`;
  const version = spec.version ?? '1.0.0';
  if (version === '1.0.0') {
    const registered = await t.http.post(
      '/review/mini-apps',
      {
        slug,
        name: spec.name ?? `App ${slug}`,
        category: spec.category ?? 'mobility',
        description: 'A mini-app of the runtime tests.',
      },
      { token: developer.accessToken },
    );
    expect(registered.status, registered.text).toBe(201);
  }
  const manifest = {
    name: spec.name ?? `App ${slug}`,
    permissions: spec.permissions ?? [{ scope: 'location', purpose: 'Show the bike stations near you' }],
    domains: spec.domains ?? ['https://api.citybikes.example'],
  };
  const script = `superapp.login().then(function (code) { return superapp.storage.set('code', code); });\n`;
  const entries = cleanMiniApp({ slug, version, manifest, script });
  const bundle = spec.files ? [entries[0], ...spec.files] : entries;
  const upload = await uploadBundle(t.http, developer.accessToken, slug, buildZip(bundle));
  expect(upload.status, upload.text).toBe(202);
  const path = `/review/mini-apps/${slug}/versions/${version}`;
  const scanned = await waitFor(async () => {
    const status = (await t.http.get(path, { token: developer.accessToken })).body.status;
    return status === 'in-review' || status === 'rejected' ? status : null;
  }, 10_000);
  if (scanned === 'rejected') {
    expect(spec.pastTheScanner, `the scanner rejected ${slug}`).toBe(true);
    await missedByTheScanner(t, slug, version);
  }
  expect((await t.http.post(`${path}/approve`, {}, { token: reviewer.accessToken })).status).toBe(200);
  expect((await t.http.post(`${path}/publish`, {}, { token: developer.accessToken })).status).toBe(200);
  await waitFor(
    async () =>
      (await t.http.get(`/runtime/mini-apps/${slug}/grants`, { token: developer.accessToken })).body.liveVersion ===
      version,
    5_000,
  );
  return slug;
}

async function missedByTheScanner(t: TestApp, slug: string, version: string): Promise<void> {
  const db = new Client({ connectionString: t.config.DATABASE_URL });
  await db.connect();
  try {
    await db.query(
      `UPDATE review.versions SET status = 'in-review', findings = '[]', reasons = NULL WHERE version = $2 AND mini_app_id = (SELECT id FROM review.mini_apps WHERE slug = $1)`,
      [slug, version],
    );
  } finally {
    await db.end();
  }
}

/** Opens the mini-app as the user; fails the test unless it launched. */
export async function launch(http: HttpClient, user: RegisteredUser, slug: string): Promise<any> {
  const launched = await http.post('/runtime/launches', { slug }, { token: user.accessToken });
  expect(launched.status, launched.text).toBe(201);
  return launched.body;
}

/** The launchData's claims, verified as a mini-app's backend would: with the published key, for this mini-app. */
export async function verifiedLaunchData(http: HttpClient, launchData: string, slug: string) {
  const jwks = createLocalJWKSet((await http.get('/runtime/jwks.json')).body);
  const { payload } = await jwtVerify(launchData, jwks, {
    issuer: 'https://superapp.local',
    audience: slug,
    typ: 'superapp-launch+jwt',
    algorithms: ['EdDSA'],
  });
  return payload;
}

/** HTTP Basic with a mini-app's server credentials, as its backend sends them. */
export const basic = (clientId: string, clientSecret: string) => ({
  authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
});

/**
 * In an open launch, the person signs in to the mini-app's backend (login code, exchanged with the
 * server credentials), the backend creates an order and the person pays it: the pairwise openid and the order.
 */
export async function signInAndPay(
  http: HttpClient,
  user: RegisteredUser,
  launchId: string,
  app: { slug: string; clientSecret: string; notifyUrl: string },
  order: { amount: number; description: string },
): Promise<{ openid: string; orderId: string }> {
  const server = basic(app.slug, app.clientSecret);
  const code = await http.post(`/runtime/launches/${launchId}/login-code`, {}, { token: user.accessToken });
  const session = await http.post('/runtime/sessions/exchange', { code: code.body.code }, { headers: server });
  expect(session.status, session.text).toBe(200);
  const created = await waitFor(async () => {
    const answer = await http.post(
      '/payments/orders',
      {
        openid: session.body.openid,
        amount: order.amount,
        currency: 'EUR',
        description: order.description,
        merchantReference: `ref-${randomUUID()}`,
        notifyUrl: app.notifyUrl,
      },
      { headers: { ...server, 'idempotency-key': randomUUID() } },
    );
    return answer.status === 422 && answer.body.type.endsWith('/payments-not-enabled') ? undefined : answer;
  }, 10_000);
  expect(created.status, created.text).toBe(201);
  const paid = await http.post(
    `/payments/orders/${created.body.id}/confirm`,
    { launchId },
    { token: user.accessToken, headers: { 'idempotency-key': randomUUID() } },
  );
  expect(paid.body.state, paid.text).toBe('paid');
  return { openid: session.body.openid as string, orderId: created.body.id as string };
}
