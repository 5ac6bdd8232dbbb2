import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FirstPartyPublisher } from '../src/modules/review/application/first-party-publisher';
import { DEVELOPMENT_REVIEWER_ID, FIRST_PARTY_DEVELOPER_ID } from '../src/modules/review/domain/first-party';
import { registerAndLogin } from './support/identity-fixtures';
import { startTestApp, type TestApp } from './support/test-app';
import { waitFor } from './support/wait-for';

const PACKED = join(__dirname, '..', 'dist', 'mini-apps', 'payments.zip');

/** A development start (PUBLISH_FIRST_PARTY_MINI_APPS) with the bundle `npm run build` packed from mini-apps/payments. */
describe("a development start publishes the platform's own mini-apps through review", () => {
  let t: TestApp;
  let db: Client;
  let admin: string;
  const ADMIN_EMAIL = 'first-party-admin@example.com';
  const reviewHistory = async () =>
    (await db.query(`SELECT type FROM bus.events WHERE type LIKE 'review.%' ORDER BY position`)).rows.map(
      (r) => r.type,
    );

  beforeAll(async () => {
    t = await startTestApp({ PUBLISH_FIRST_PARTY_MINI_APPS: 'true', ADMIN_EMAIL });
    db = new Client({ connectionString: t.config.DATABASE_URL });
    await db.connect();
    admin = (await registerAndLogin(t.http, { email: ADMIN_EMAIL })).accessToken;
  });
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  it('lists Payments at once: registered to the first-party developer, scanned clean, approved, signed and live', async () => {
    const listing = await waitFor(async () => {
      const found = await t.http.get('/discovery/mini-apps/payments', { token: admin });
      return found.status === 200 ? found.body : undefined;
    }, 20_000);
    expect(listing).toMatchObject({ slug: 'payments', name: 'Payments', category: 'finance', version: '1.0.0' });
    expect(listing.permissions.map((p: { scope: string }) => p.scope).sort()).toEqual([
      'contacts',
      'wallet.read',
      'wallet.transfer',
    ]);

    const version = (await t.http.get('/review/mini-apps/payments/versions/1.0.0', { token: admin })).body;
    expect(version.status).toBe('published');
    const { rows } = await db.query(
      `SELECT a.developer_id, v.submitted_by, v.decided_by FROM review.versions v JOIN review.mini_apps a ON a.id = v.mini_app_id WHERE a.slug = 'payments'`,
    );
    expect(rows).toEqual([
      {
        developer_id: FIRST_PARTY_DEVELOPER_ID,
        submitted_by: FIRST_PARTY_DEVELOPER_ID,
        decided_by: `user:${DEVELOPMENT_REVIEWER_ID}`,
      },
    ]);
    expect(version.findings.filter((f: { severity: string }) => f.severity === 'critical')).toEqual([]);
    const digest = createHash('sha256').update(readFileSync(PACKED)).digest('hex');
    expect(listing.bundleDigest).toBe(digest);
    const key = createPublicKey({ key: (await t.http.get('/review/signing-key')).body, format: 'jwk' });
    expect(verify(null, Buffer.from(digest, 'hex'), key, Buffer.from(listing.signature, 'base64url'))).toBe(true);
    expect(await reviewHistory()).toEqual([
      'review.mini-app-registered',
      'review.version-submitted',
      'review.version-scan-started',
      'review.version-in-review',
      'review.version-approved',
      'review.version-published',
    ]);
  });

  it('does nothing when started again: the mini-app is live already', async () => {
    const before = await reviewHistory();
    await t.app.get(FirstPartyPublisher).publishAll();
    expect(await reviewHistory()).toEqual(before);
    expect((await db.query(`SELECT count(*)::int AS n FROM review.versions`)).rows[0].n).toBe(1);
  });
});
