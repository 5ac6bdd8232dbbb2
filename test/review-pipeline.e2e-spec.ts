import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from './support/expect-problem';
import { registerAndLogin, type RegisteredUser } from './support/identity-fixtures';
import { uploadBundle, userWithRole } from './support/review-fixtures';
import type { TestApp } from './support/test-app';
import { waitFor } from './support/wait-for';
import { startWalletApp } from './support/wallet-fixtures';
import { buildZip, cleanMiniApp } from './support/zip-builder';

const ADMIN_EMAIL = `pipeline-admin-${randomUUID()}@example.com`;

describe('review pipeline: scan, queue, decision', () => {
  let t: TestApp;
  let db: Client;
  let close: () => Promise<void>;
  let developer: RegisteredUser;
  let reviewer: RegisteredUser;
  beforeAll(async () => {
    ({ t, db, close } = await startWalletApp({ ADMIN_EMAIL }));
    const adminToken = (await registerAndLogin(t.http, { email: ADMIN_EMAIL })).accessToken;
    [developer, reviewer] = await Promise.all([
      userWithRole(t.http, adminToken, 'developer'),
      userWithRole(t.http, adminToken, 'reviewer'),
    ]);
  });
  afterAll(() => close?.());

  async function submit(script?: string, category = 'mobility') {
    const slug = `app-${randomUUID().slice(0, 8)}`;
    await t.http.post(
      '/review/mini-apps',
      { slug, name: 'City Bikes', category, description: 'Bikes near you.' },
      { token: developer.accessToken },
    );
    const uploaded = await uploadBundle(t.http, developer.accessToken, slug, buildZip(cleanMiniApp({ slug, script })));
    expect(uploaded.status, uploaded.text).toBe(202);
    return slug;
  }
  const settled = (slug: string) =>
    waitFor(async () => {
      const version = (await t.http.get(`/review/mini-apps/${slug}/versions/1.0.0`, { token: developer.accessToken }))
        .body;
      return ['in-review', 'rejected'].includes(version.status) && version;
    }, 10_000);

  it("scans a clean mini-app into the reviewers' queue, and a reviewer approves it", async () => {
    const slug = await submit();
    expect(await settled(slug)).toMatchObject({ status: 'in-review', findings: [] });
    const queue = await t.http.get('/review/queue', { token: reviewer.accessToken });
    expect(queue.body.items.map((v: { slug: string }) => v.slug)).toContain(slug);
    expectProblem(await t.http.get('/review/queue', { token: developer.accessToken }), 403, 'forbidden');
    const approved = await t.http.post(
      `/review/mini-apps/${slug}/versions/1.0.0/approve`,
      {},
      { token: reviewer.accessToken },
    );
    expect(approved.body).toMatchObject({ status: 'approved' });
    expectProblem(
      await t.http.post(`/review/mini-apps/${slug}/versions/1.0.0/approve`, {}, { token: reviewer.accessToken }),
      409,
      'not-in-review',
    );
    const events = await db.query(`SELECT type FROM bus.events WHERE payload->>'slug' = $1 ORDER BY position`, [slug]);
    expect(events.rows.map((r) => r.type)).toEqual([
      'review.mini-app-registered',
      'review.version-submitted',
      'review.version-scan-started',
      'review.version-in-review',
      'review.version-approved',
    ]);
  });

  it('rejects eval in disguise by itself, with a finding that points at the line', async () => {
    const script = `superapp.getLocation().then(console.log);\nconst w = window;\nconst run = w['ev' + 'al'];\nrun('alert(1)');\n`;
    const slug = await submit(script);
    const version = await settled(slug);
    expect(version.status).toBe('rejected');
    expect(version.findings).toContainEqual(
      expect.objectContaining({ ruleId: 'dynamic-code', severity: 'critical', file: 'app.js', line: 3 }),
    );
    expect(version.reasons.join(' ')).toContain('dynamic-code');
    const events = await db.query(
      `SELECT payload FROM bus.events WHERE type = 'review.version-rejected' AND payload->>'slug' = $1`,
      [slug],
    );
    expect(events.rows).toEqual([{ payload: expect.objectContaining({ automated: true }) }]);
  });

  it('rejects a permission the category may not request, and code using an undeclared one', async () => {
    const game = await submit(undefined, 'games');
    expect(await settled(game)).toMatchObject({
      status: 'rejected',
      findings: expect.arrayContaining([expect.objectContaining({ ruleId: 'permission-not-allowed' })]),
    });
    const camera = await submit(`superapp.getLocation();\nsuperapp.openCamera();\n`);
    expect(await settled(camera)).toMatchObject({
      status: 'rejected',
      findings: expect.arrayContaining([expect.objectContaining({ ruleId: 'permission-undeclared' })]),
    });
  });

  it('lets a reviewer reject with reasons, which the developer sees', async () => {
    const slug = await submit();
    await settled(slug);
    const rejected = await t.http.post(
      `/review/mini-apps/${slug}/versions/1.0.0/reject`,
      { reasons: ['The map hides the price of a ride.'] },
      { token: reviewer.accessToken },
    );
    expect(rejected.body).toMatchObject({ status: 'rejected', reasons: ['The map hides the price of a ride.'] });
    expectProblem(
      await t.http.post(
        `/review/mini-apps/${slug}/versions/1.0.0/reject`,
        { reasons: [] },
        { token: reviewer.accessToken },
      ),
      400,
      'validation',
    );
  });

  it('does not let a reviewer decide on their own mini-app', async () => {
    const adminToken = (
      await t.http.post('/identity/login', { email: ADMIN_EMAIL, password: 'violet staple orbit 42' })
    ).body.accessToken;
    await t.http.post(`/identity/users/${developer.id}/roles`, { role: 'reviewer' }, { token: adminToken });
    const both = {
      ...developer,
      accessToken: (await t.http.post('/identity/login', { email: developer.email, password: developer.password })).body
        .accessToken,
    };
    const slug = await submit();
    expect((await t.http.get(`/review/mini-apps/${slug}/versions/1.0.0`, { token: both.accessToken })).status).toBe(
      200,
    );
    await waitFor(
      async () =>
        (await t.http.get(`/review/mini-apps/${slug}/versions/1.0.0`, { token: both.accessToken })).body.status ===
        'in-review',
      10_000,
    );
    expectProblem(
      await t.http.post(`/review/mini-apps/${slug}/versions/1.0.0/approve`, {}, { token: both.accessToken }),
      403,
      'forbidden',
    );
  });

  it('serves the policy table', async () => {
    const policy = await t.http.get('/review/policy', { token: developer.accessToken });
    expect(policy.body.categories).toContainEqual({ category: 'games', allowedScopes: ['user.profile', 'payments'] });
  });
});
