import { createHash, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrivacyHousekeeping } from '../src/modules/privacy/application/privacy-housekeeping';
import { expectProblem } from './support/expect-problem';
import type { HttpClient } from './support/http-client';
import { registerAndLogin, type RegisteredUser } from './support/identity-fixtures';
import { launch, publishMiniApp, type RuntimeWorld, signInAndPay, startRuntimeWorld } from './support/runtime-fixtures';
import { startTestBackend, type TestBackend } from './support/test-backend';
import { waitFor } from './support/wait-for';
import { fund, walletUser, type WalletUser } from './support/wallet-fixtures';

const RETENTION_HOURS = 48;
const EXPORTS_PER_DAY = 3;

/** What one person did with the mini-app, as the test knows it: each must come back in their export. */
interface Visit {
  user: WalletUser;
  displayName: string;
  openid: string;
  launchId: string;
  storageValue: string;
  orderId: string;
  amount: number;
}

/**
 * A person's data export (GDPR Art. 15 and 20), end to end on the real platform: two people who did
 * the same things (registered, topped up, granted a scope, launched a mini-app, used its storage,
 * paid an order) each get an archive with every module's part of their own records, nothing of the
 * other's and no secret; only the owner reads it, and it is gone after its retention.
 */
describe('privacy: data export', () => {
  let world: RuntimeWorld;
  let db: Client;
  let backend: TestBackend;
  let slug: string;
  let clientSecret: string;
  let webhookSecret: string;
  const visits: Record<'ada' | 'bob', Visit> = {} as never;
  const http = (): HttpClient => world.t.http;
  const as = (user: RegisteredUser) => ({ token: user.accessToken });

  beforeAll(async () => {
    world = await startRuntimeWorld({
      OUTBOUND_ALLOW_LOOPBACK: 'true',
      PRIVACY_EXPORT_RETENTION_HOURS: String(RETENTION_HOURS),
      PRIVACY_EXPORTS_PER_DAY: String(EXPORTS_PER_DAY),
      // A failing export is given up after a few quick retries.
      BUS_MAX_ATTEMPTS: '3',
      BUS_BACKOFF_BASE_MS: '10',
      BUS_BACKOFF_MAX_MS: '50',
    });
    db = new Client({ connectionString: world.t.config.DATABASE_URL });
    await db.connect();
    backend = await startTestBackend((_request, response) => response.end('{}'));
    slug = await publishMiniApp(world, {
      permissions: [
        { scope: 'user.profile', purpose: 'Greet you by your name' },
        { scope: 'payments', purpose: 'Pay for your rides' },
      ],
      domains: [backend.origin],
    });
    const developer = as(world.developer);
    const credentials = await http().post(`/runtime/mini-apps/${slug}/credentials`, {}, developer);
    expect(credentials.status, credentials.text).toBe(201);
    clientSecret = credentials.body.clientSecret;
    const webhook = await http().post(`/payments/mini-apps/${slug}/webhook-secret`, {}, developer);
    expect(webhook.status, webhook.text).toBe(201);
    webhookSecret = webhook.body.secret;
    visits.ada = await visit('Ada Lovelace', 700);
    visits.bob = await visit('Bob Byron', 900);
  }, 180_000);
  afterAll(async () => {
    await db?.end();
    await world?.t.close();
    await backend?.close();
  });

  /** One person's day with the mini-app: sign up, top up, grant, launch, store, sign in to its backend, pay. */
  async function visit(displayName: string, amount: number): Promise<Visit> {
    const user = await walletUser(http(), { displayName });
    await fund(http(), user, 5_000);
    const granted = await http().request(
      'PUT',
      `/runtime/mini-apps/${slug}/grants/user.profile`,
      { decision: 'granted' },
      as(user),
    );
    expect(granted.status, granted.text).toBe(200);
    const { launchId } = await launch(http(), user, slug);
    const profile = await http().get(`/runtime/launches/${launchId}/profile`, as(user));
    expect(profile.status, profile.text).toBe(200);
    const storageValue = `notes of ${displayName}`;
    const stored = await http().request(
      'PUT',
      `/runtime/launches/${launchId}/storage/notes`,
      { value: { text: storageValue } },
      as(user),
    );
    expect(stored.status, stored.text).toBeLessThan(300);
    const { openid, orderId } = await signInAndPay(
      http(),
      user,
      launchId,
      { slug, clientSecret, notifyUrl: `${backend.origin}/notify` },
      { amount, description: `Day pass for ${displayName}` },
    );
    return { user, displayName, openid, launchId, storageValue, orderId, amount };
  }

  /** Asks for an export and waits until it is ready; its status answer. */
  async function exportOf(user: RegisteredUser): Promise<{ id: string; archiveUrl: string }> {
    const asked = await http().post('/privacy/me/exports', undefined, as(user));
    expect(asked.status, asked.text).toBe(202);
    expect(asked.body).toMatchObject({ id: expect.any(String), status: expect.stringMatching(/^(pending|ready)$/) });
    expect(asked.headers.get('location')).toBe(`/privacy/me/exports/${asked.body.id}`);
    return waitFor(async () => {
      const status = await http().get(`/privacy/me/exports/${asked.body.id}`, as(user));
      expect(status.status, status.text).toBe(200);
      expect(status.body.status).not.toBe('failed');
      return status.body.status === 'ready' ? status.body : undefined;
    }, 20_000);
  }

  let adaExport: { id: string; archiveUrl: string };
  let archiveText: string;
  let archive: any;

  it("assembles an archive with every module's part of the person's records", async () => {
    const wrong = await http().post('/identity/login', { email: visits.ada.user.email, password: 'not her password' });
    expect(wrong.status, wrong.text).toBe(401);
    adaExport = await exportOf(visits.ada.user);
    expect(adaExport.archiveUrl).toBe(`/privacy/me/exports/${adaExport.id}/archive`);
    const download = await http().get(adaExport.archiveUrl, as(visits.ada.user));
    expect(download.status, download.text).toBe(200);
    expect(download.headers.get('content-type')).toMatch(/^application\/json/);
    expect(download.headers.get('content-disposition')).toBe(
      `attachment; filename="superapp-export-${adaExport.id}.json"`,
    );
    archiveText = download.text;
    archive = download.body;
    const { user, openid, launchId, storageValue, orderId, amount, displayName } = visits.ada;

    expect(archive).toMatchObject({ format: 'superapp-export/1', subject: { userId: user.id } });
    expect(Date.parse(archive.generatedAt)).not.toBeNaN();
    expect(archive.recordOfProcessing).toEqual((await http().get('/privacy/processing')).body.activities);
    expect(Object.keys(archive.sections).sort()).toEqual(['identity', 'payments', 'review', 'runtime', 'wallet']);
    expect(archive.modules).toContainEqual({
      module: 'governance-bus',
      section: 'none',
      reason: expect.stringMatching(/not by person/),
    });
    expect(archive.modules).toContainEqual({ module: 'discovery', section: 'none', reason: expect.any(String) });

    const { identity, runtime, wallet, payments } = archive.sections;
    expect(identity.profile).toMatchObject({ id: user.id, email: user.email, displayName, roles: ['user'] });
    expect(identity.sessions.length).toBeGreaterThanOrEqual(1);
    expect(identity.loginThrottles).toEqual([expect.objectContaining({ consecutiveFailures: 1 })]);
    expect(identity.sessions[0]).toEqual(
      expect.objectContaining({ sessionId: expect.any(String), signedInAt: expect.any(String) }),
    );

    const ofTheApp = { miniAppId: expect.any(String), miniApp: slug };
    expect(runtime.pairwiseIds).toEqual([{ ...ofTheApp, openid }]);
    expect(runtime.consents).toContainEqual(
      expect.objectContaining({ ...ofTheApp, scope: 'user.profile', state: 'granted' }),
    );
    expect(runtime.consentHistory).toContainEqual(
      expect.objectContaining({ ...ofTheApp, scope: 'user.profile', action: 'granted' }),
    );
    expect(runtime.launches).toContainEqual(expect.objectContaining({ id: launchId, ...ofTheApp }));
    expect(runtime.accessLog).toContainEqual(expect.objectContaining({ ...ofTheApp, launchId, scope: 'user.profile' }));
    expect(runtime.storage).toEqual([
      expect.objectContaining({ ...ofTheApp, key: 'notes', value: { text: storageValue } }),
    ]);
    expect(runtime.loginCodes).toEqual([
      expect.objectContaining({ ...ofTheApp, launchId, usedAt: expect.any(String) }),
    ]);
    expect(runtime.profileShownToMiniApps).toMatchObject({ displayName });
    expect(runtime.walletAccounts).toEqual([{ accountId: user.accountId }]);

    expect(wallet.accounts).toEqual([expect.objectContaining({ id: user.accountId, kind: 'user', currency: 'EUR' })]);
    expect(wallet.instruments).toEqual([expect.objectContaining({ kind: 'card', brand: expect.any(String) })]);
    expect(wallet.topUps).toEqual([expect.objectContaining({ amount: '5000', status: 'succeeded' })]);
    expect(wallet.transfers.map((t: { kind: string }) => t.kind)).toEqual(expect.arrayContaining(['top-up']));
    expect(wallet.entries.length).toBeGreaterThanOrEqual(2);
    expect(wallet.auditLog.length).toBeGreaterThanOrEqual(1);

    expect(payments.orders).toEqual([
      expect.objectContaining({ id: orderId, miniApp: slug, openid, amount: String(amount), state: 'paid' }),
    ]);
    expect(payments.confirmations).toEqual([expect.objectContaining({ orderId })]);
    expect(payments.merchantNotifications).toContainEqual(expect.objectContaining({ orderId }));
  });

  it('holds nothing of another person who did the same things', () => {
    const { user, openid, launchId, storageValue, orderId, displayName } = visits.bob;
    for (const value of [user.id, user.email, user.accountId, openid, launchId, storageValue, orderId, displayName])
      expect(archiveText).not.toContain(value);
  });

  it('holds no secret: no password, token, code, provider-token, webhook-secret or e-mail hash', async () => {
    const { user } = visits.ada;
    const secrets = [
      '$argon2',
      user.password,
      user.accessToken,
      user.refreshToken,
      createHash('sha256').update(user.refreshToken).digest('hex'),
      clientSecret,
      webhookSecret,
    ];
    const stored = await db.query<{ secret: string }>(
      `SELECT password_hash AS secret FROM identity.users WHERE id = $1
       UNION ALL SELECT token_hash FROM identity.refresh_tokens WHERE user_id = $1
       UNION ALL SELECT code_hash FROM runtime.login_codes WHERE user_id = $1
       UNION ALL SELECT provider_token FROM wallet.instruments WHERE owner_id = $1 AND provider_token IS NOT NULL
       UNION ALL SELECT provider_token FROM wallet.top_ups WHERE user_id = $1 AND provider_token IS NOT NULL
       UNION ALL SELECT secret_hash FROM runtime.server_credentials
       UNION ALL SELECT email_hash FROM identity.login_throttles`,
      [user.id],
    );
    expect(stored.rows.length).toBeGreaterThanOrEqual(6);
    for (const secret of [...secrets, ...stored.rows.map((row) => row.secret)])
      expect(archiveText.toLowerCase()).not.toContain(secret.toLowerCase());
  });

  it("gives the developer their mini-apps, versions and sales' merchant account, and a reviewer their decisions", async () => {
    const developers = await exportOf(world.developer);
    const { sections } = (await http().get(developers.archiveUrl, as(world.developer))).body;
    expect(sections.review.miniApps).toContainEqual(expect.objectContaining({ slug }));
    expect(sections.review.submittedVersions).toContainEqual(
      expect.objectContaining({ miniApp: slug, status: 'published', decidedBy: 'reviewer' }),
    );
    expect(sections.runtime.ownedMiniApps).toContainEqual(expect.objectContaining({ miniApp: slug }));
    expect(sections.payments.ownedMiniApps).toContainEqual(expect.objectContaining({ slug }));
    expect(sections.wallet.accounts).toContainEqual(expect.objectContaining({ kind: 'merchant' }));
    // The payments into the merchant account, without who paid (ADR 0030): no payer's account or id.
    const payments = sections.wallet.transfers.filter((t: { kind: string }) => t.kind === 'payment');
    expect(payments).toHaveLength(2);
    for (const payment of payments) expect(payment.debitAccountId).toBeNull();
    const text = JSON.stringify(sections);
    for (const { user, openid } of Object.values(visits))
      for (const value of [user.id, user.accountId, user.email, openid]) expect(text).not.toContain(value);
    const reviewers = await exportOf(world.reviewer);
    const review = (await http().get(reviewers.archiveUrl, as(world.reviewer))).body.sections.review;
    expect(review.decisionsTaken).toContainEqual(expect.objectContaining({ miniApp: slug }));
  });

  it("answers 404 for another person's export and its archive, as for one that does not exist", async () => {
    const bob = as(visits.bob.user);
    expect((await http().get('/privacy/me/exports', as(visits.ada.user))).body.items).toEqual([
      expect.objectContaining({ id: adaExport.id, status: 'ready', archiveUrl: adaExport.archiveUrl }),
    ]);
    expect((await http().get('/privacy/me/exports', bob)).body.items).toEqual([]);
    expectProblem(await http().get(`/privacy/me/exports/${adaExport.id}`, bob), 404, 'not-found');
    expectProblem(await http().get(`/privacy/me/exports/${adaExport.id}/archive`, bob), 404, 'not-found');
    expectProblem(await http().get(`/privacy/me/exports/${randomUUID()}`, as(visits.ada.user)), 404, 'not-found');
    expect((await http().get(`/privacy/me/exports/not-an-id`, bob)).status).toBe(400);
    expect((await http().get(`/privacy/me/exports/${adaExport.id}`)).status).toBe(401);
  });

  it('answers the export in progress when asked again, and refuses a fourth ask in a day', async () => {
    const cat = await registerAndLogin(http(), { displayName: 'Cat' });
    const inProgress = randomUUID();
    await db.query(
      `INSERT INTO privacy.exports (id, user_id, status, requested_at) VALUES ($1, $2, 'pending', now())`,
      [inProgress, cat.id],
    );
    const again = await http().post('/privacy/me/exports', undefined, as(cat));
    expect(again.status, again.text).toBe(202);
    expect(again.body).toMatchObject({ id: inProgress, status: 'pending', archiveUrl: null });
    expect(again.headers.get('location')).toBe(`/privacy/me/exports/${inProgress}`);
    expectProblem(await http().get(`/privacy/me/exports/${inProgress}/archive`, as(cat)), 409, 'export-not-ready');

    await db.query(`UPDATE privacy.exports SET status = 'failed', completed_at = now() WHERE id = $1`, [inProgress]);
    for (let n = 1; n < EXPORTS_PER_DAY; n++) await exportOf(cat);
    const refused = await http().post('/privacy/me/exports', undefined, as(cat));
    expectProblem(refused, 429, 'too-many-exports');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(23 * 3600);
  });

  it("marks the export failed when a module's part cannot be read after the bus's retries", async () => {
    const dan = await registerAndLogin(http(), { displayName: 'Dan' });
    // A module whose table cannot be read: its export query fails on every attempt.
    await db.query(`ALTER TABLE payments.refunds RENAME TO refunds_away`);
    try {
      const asked = await http().post('/privacy/me/exports', undefined, as(dan));
      expect(asked.status, asked.text).toBe(202);
      const failed = await waitFor(async () => {
        const status = await http().get(`/privacy/me/exports/${asked.body.id}`, as(dan));
        return status.body.status === 'failed' ? status.body : undefined;
      }, 20_000);
      expect(failed).toMatchObject({ archiveUrl: null, completedAt: expect.any(String) });
      const archive = await http().get(`/privacy/me/exports/${asked.body.id}/archive`, as(dan));
      expectProblem(archive, 409, 'export-not-ready');
      const row = await db.query(`SELECT failed_attempts FROM privacy.exports WHERE id = $1`, [asked.body.id]);
      expect(row.rows[0].failed_attempts).toBe(3);
    } finally {
      await db.query(`ALTER TABLE payments.refunds_away RENAME TO refunds`);
    }
    // A new ask goes through once the module answers again.
    await exportOf(dan);
  });

  it("deletes the person's exports, archives included, when they ask for their erasure", async () => {
    const eve = await registerAndLogin(http(), { displayName: 'Eve' });
    const { id } = await exportOf(eve);
    const erasure = await http().post('/privacy/me/erasure', { password: eve.password }, as(eve));
    expect(erasure.status, erasure.text).toBe(202);
    const left = await db.query(`SELECT id FROM privacy.exports WHERE user_id = $1 OR id = $2`, [eve.id, id]);
    expect(left.rows).toEqual([]);
  });

  it('deletes the export and its archive once its retention has passed', async () => {
    const sweep = () => world.t.app.get(PrivacyHousekeeping).sweep();
    const ada = as(visits.ada.user);
    world.advanceClock((RETENTION_HOURS - 1) * 3_600_000);
    await sweep();
    expect((await http().get(`/privacy/me/exports/${adaExport.id}`, ada)).status).toBe(200);
    world.advanceClock(2 * 3_600_000);
    await sweep();
    expectProblem(await http().get(`/privacy/me/exports/${adaExport.id}`, ada), 404, 'not-found');
    expectProblem(await http().get(`/privacy/me/exports/${adaExport.id}/archive`, ada), 404, 'not-found');
    const left = await db.query(`SELECT count(*)::int AS n FROM privacy.exports WHERE user_id = $1`, [
      visits.ada.user.id,
    ]);
    expect(left.rows[0].n).toBe(0);
  });
});
