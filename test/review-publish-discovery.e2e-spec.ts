import { createHash, createPublicKey, randomUUID, verify } from 'node:crypto';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from './support/expect-problem';
import { registerAndLogin, type RegisteredUser } from './support/identity-fixtures';
import { uploadBundle, userWithRole } from './support/review-fixtures';
import { startTestApp, type TestApp } from './support/test-app';
import { waitFor } from './support/wait-for';
import { buildZip, cleanMiniApp } from './support/zip-builder';

const ADMIN_EMAIL = `publish-admin-${randomUUID()}@example.com`;

describe('publishing a mini-app and finding it in discovery', () => {
  let t: TestApp;
  let developer: RegisteredUser;
  let reviewer: RegisteredUser;
  let user: RegisteredUser;
  let adminToken: string;
  beforeAll(async () => {
    t = await startTestApp({ ADMIN_EMAIL });
    adminToken = (await registerAndLogin(t.http, { email: ADMIN_EMAIL })).accessToken;
    [developer, reviewer, user] = await Promise.all([
      userWithRole(t.http, adminToken, 'developer'),
      userWithRole(t.http, adminToken, 'reviewer'),
      registerAndLogin(t.http),
    ]);
  });
  afterAll(() => t?.close());

  /** Upload → scan → approve: the version waits to be published. */
  async function approved(name: string, description: string, category = 'mobility') {
    const slug = `app-${randomUUID().slice(0, 8)}`;
    await t.http.post('/review/mini-apps', { slug, name, category, description }, { token: developer.accessToken });
    const zip = buildZip(cleanMiniApp({ slug, manifest: { name } }));
    expect((await uploadBundle(t.http, developer.accessToken, slug, zip)).status).toBe(202);
    await waitFor(
      async () =>
        (await t.http.get(`/review/mini-apps/${slug}/versions/1.0.0`, { token: developer.accessToken })).body.status ===
        'in-review',
      10_000,
    );
    expect(
      (await t.http.post(`/review/mini-apps/${slug}/versions/1.0.0/approve`, {}, { token: reviewer.accessToken }))
        .status,
    ).toBe(200);
    return { slug, zip };
  }

  it('publishes an approved version, lists it in discovery, and serves its bundle signed', async () => {
    const { slug, zip } = await approved('Harbour Ferries', 'Timetables and tickets for the harbour ferries.');
    expectProblem(
      await t.http.post(`/review/mini-apps/${slug}/versions/1.0.0/publish`, {}, { token: user.accessToken }),
      403,
      'forbidden',
    );
    const published = await t.http.post(
      `/review/mini-apps/${slug}/versions/1.0.0/publish`,
      {},
      { token: developer.accessToken },
    );
    expect(published.body).toMatchObject({ status: 'published' });

    const listing = await waitFor(async () => {
      const found = await t.http.get(`/discovery/mini-apps/${slug}`, { token: user.accessToken });
      return found.status === 200 && found.body;
    }, 5_000);
    const digest = createHash('sha256').update(zip).digest('hex');
    expect(listing).toMatchObject({
      slug,
      name: 'Harbour Ferries',
      version: '1.0.0',
      bundleDigest: digest,
      permissions: [{ scope: 'location', purpose: 'Show the bike stations near you' }],
      bundleUrl: `/mini-apps/${slug}/versions/1.0.0/bundle`,
    });

    const download = await fetch(`${t.baseUrl}${listing.bundleUrl}`, {
      headers: { authorization: `Bearer ${user.accessToken}` },
    });
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(download.status).toBe(200);
    expect(download.headers.get('etag')).toBe(`"${digest}"`);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(digest);
    const jwk = (await t.http.get('/review/signing-key')).body;
    const key = createPublicKey({ key: jwk, format: 'jwk' });
    expect(verify(null, Buffer.from(digest, 'hex'), key, Buffer.from(listing.signature, 'base64url'))).toBe(true);
    expect(
      verify(
        null,
        Buffer.from(digest.replace(/^./, digest[0] === 'a' ? 'b' : 'a'), 'hex'),
        key,
        Buffer.from(listing.signature, 'base64url'),
      ),
    ).toBe(false);
    const again = await fetch(`${t.baseUrl}${listing.bundleUrl}`, {
      headers: { authorization: `Bearer ${user.accessToken}`, 'if-none-match': `"${digest}"` },
    });
    expect(again.status).toBe(304);
  });

  it('refuses to publish a version older than the live one: that is a rollback, for reviewers', async () => {
    const { slug } = await approved('Old Town Walks', 'Guided walks through the old town.');
    const next = buildZip(cleanMiniApp({ slug, version: '1.1.0', manifest: { name: 'Old Town Walks' } }));
    expect((await uploadBundle(t.http, developer.accessToken, slug, next)).status).toBe(202);
    await waitFor(
      async () =>
        (await t.http.get(`/review/mini-apps/${slug}/versions/1.1.0`, { token: developer.accessToken })).body.status ===
        'in-review',
      10_000,
    );
    await t.http.post(`/review/mini-apps/${slug}/versions/1.1.0/approve`, {}, { token: reviewer.accessToken });
    expect(
      (await t.http.post(`/review/mini-apps/${slug}/versions/1.1.0/publish`, {}, { token: developer.accessToken }))
        .status,
    ).toBe(200);
    expectProblem(
      await t.http.post(`/review/mini-apps/${slug}/versions/1.0.0/publish`, {}, { token: developer.accessToken }),
      409,
      'older-than-live',
    );
  });

  it('never serves or lists a version that is not published', async () => {
    const { slug } = await approved('Quiet Streets', 'Walking routes away from traffic.');
    expectProblem(
      await t.http.get(`/mini-apps/${slug}/versions/1.0.0/bundle`, { token: user.accessToken }),
      404,
      'not-found',
    );
    expectProblem(await t.http.get(`/discovery/mini-apps/${slug}`, { token: user.accessToken }), 404, 'not-found');
    expectProblem(
      await t.http.post(`/review/mini-apps/${slug}/versions/9.9.9/publish`, {}, { token: developer.accessToken }),
      404,
      'not-found',
    );
  });

  it('finds live mini-apps by words of their name or description, and by category', async () => {
    const tag = randomUUID().slice(0, 6).replace(/\d/g, 'x');
    const bikes = await approved(`Velo ${tag}`, `Rent a bike in ${tag}ville`, 'mobility');
    const meals = await approved(`Meals ${tag}`, `Dinner delivered across ${tag}ville`, 'food-delivery');
    for (const { slug } of [bikes, meals])
      await t.http.post(`/review/mini-apps/${slug}/versions/1.0.0/publish`, {}, { token: developer.accessToken });
    const search = (query: string) =>
      t.http
        .get(`/discovery/mini-apps?${query}`, { token: user.accessToken })
        .then((r) => r.body.items.map((l: { slug: string }) => l.slug));
    await waitFor(async () => (await search(`q=${tag}ville`)).length === 2, 5_000);
    expect(await search(`q=velo ${tag}`)).toEqual([bikes.slug]);
    expect(await search(`q=${tag}ville&category=food-delivery`)).toEqual([meals.slug]);
    const paged = await t.http.get(`/discovery/mini-apps?q=${tag}ville&limit=1`, { token: user.accessToken });
    expect(paged.body.items).toHaveLength(1);
    const next = await t.http.get(`/discovery/mini-apps?q=${tag}ville&limit=1&cursor=${paged.body.nextCursor}`, {
      token: user.accessToken,
    });
    expect(next.body.items).toHaveLength(1);
    expect(next.body.nextCursor).toBeNull();
    expect(
      (await t.http.get('/discovery/categories', { token: user.accessToken })).body.map((c: { id: string }) => c.id),
    ).toContain('food-delivery');
  });

  it('rolls back to an earlier published version and takes a mini-app down, in discovery and downloads', async () => {
    const { slug } = await approved('Tide Tables', 'High and low water for the coast.');
    await t.http.post(`/review/mini-apps/${slug}/versions/1.0.0/publish`, {}, { token: developer.accessToken });
    const next = buildZip(cleanMiniApp({ slug, version: '1.1.0', manifest: { name: 'Tide Tables' } }));
    expect((await uploadBundle(t.http, developer.accessToken, slug, next)).status).toBe(202);
    await waitFor(
      async () =>
        (await t.http.get(`/review/mini-apps/${slug}/versions/1.1.0`, { token: developer.accessToken })).body.status ===
        'in-review',
      10_000,
    );
    await t.http.post(`/review/mini-apps/${slug}/versions/1.1.0/approve`, {}, { token: reviewer.accessToken });
    await t.http.post(`/review/mini-apps/${slug}/versions/1.1.0/publish`, {}, { token: developer.accessToken });
    const listed = (version: string) =>
      waitFor(
        async () =>
          (await t.http.get(`/discovery/mini-apps/${slug}`, { token: user.accessToken })).body.version === version,
        5_000,
      );
    await listed('1.1.0');

    expectProblem(
      await t.http.post(`/review/mini-apps/${slug}/rollback`, { version: '1.0.0' }, { token: developer.accessToken }),
      403,
      'forbidden',
    );
    expectProblem(
      await t.http.post(`/review/mini-apps/${slug}/rollback`, { version: '9.0.0' }, { token: reviewer.accessToken }),
      404,
      'not-found',
    );
    const rolledBack = await t.http.post(
      `/review/mini-apps/${slug}/rollback`,
      { version: '1.0.0' },
      { token: reviewer.accessToken },
    );
    expect(rolledBack.body).toMatchObject({ liveVersion: '1.0.0' });
    await listed('1.0.0');
    // The version rolled back from is no longer served (it may be why the rollback happened).
    expectProblem(
      await t.http.get(`/mini-apps/${slug}/versions/1.1.0/bundle`, { token: user.accessToken }),
      404,
      'not-found',
    );

    const down = await t.http.post(`/review/mini-apps/${slug}/unpublish`, {}, { token: reviewer.accessToken });
    expect(down.body).toMatchObject({ liveVersion: null });
    await waitFor(
      async () => (await t.http.get(`/discovery/mini-apps/${slug}`, { token: user.accessToken })).status === 404,
      5_000,
    );
    expectProblem(
      await t.http.get(`/mini-apps/${slug}/versions/1.0.0/bundle`, { token: user.accessToken }),
      404,
      'not-found',
    );
    expectProblem(
      await t.http.post(`/review/mini-apps/${slug}/unpublish`, {}, { token: reviewer.accessToken }),
      409,
      'not-live',
    );
    // Its developer cannot put it back; a reviewer's rollback can.
    expectProblem(
      await t.http.post(`/review/mini-apps/${slug}/versions/1.1.0/publish`, {}, { token: developer.accessToken }),
      409,
      'taken-down',
    );
    expect(
      (await t.http.post(`/review/mini-apps/${slug}/rollback`, { version: '1.1.0' }, { token: reviewer.accessToken }))
        .body,
    ).toMatchObject({ liveVersion: '1.1.0' });
  });

  it("stamps take-downs and rollbacks with the clock publications use (the database's), so listeners can order them", async () => {
    const { slug } = await approved('Ferry Times', 'Departures from every pier.');
    await t.http.post(`/review/mini-apps/${slug}/versions/1.0.0/publish`, {}, { token: developer.accessToken });
    await t.http.post(`/review/mini-apps/${slug}/unpublish`, {}, { token: reviewer.accessToken });
    const db = t.app.get(DataSource);
    const stamped = async (type: string, field: string) =>
      (
        await db.query(
          `SELECT payload->>'${field}' AS at FROM bus.events WHERE type = $1 AND payload->>'slug' = $2 ORDER BY position DESC LIMIT 1`,
          [type, slug],
        )
      )[0]?.at;
    const [{ taken_down_at: takenDownAt, published_at: publishedAt }] = await db.query(
      `SELECT m.taken_down_at, v.published_at FROM review.mini_apps m JOIN review.versions v ON v.mini_app_id = m.id WHERE m.slug = $1`,
      [slug],
    );
    expect(new Date(await stamped('review.mini-app-unpublished', 'at')).getTime()).toBe(
      new Date(takenDownAt).getTime(),
    );
    expect(new Date(await stamped('review.version-published', 'publishedAt')).getTime()).toBe(
      new Date(publishedAt).getTime(),
    );
  });

  it('opens an approved version to reviewers in the QA channel until it goes live', async () => {
    const { slug, zip } = await approved('Night Buses', 'Routes that run after midnight.');
    const qa = (token: string) => t.http.get(`/discovery/mini-apps?channel=qa&q=midnight`, { token });
    const inQa = await waitFor(
      async () => (await qa(reviewer.accessToken)).body.items.find((l: { slug: string }) => l.slug === slug),
      5_000,
    );
    expect(inQa).toMatchObject({
      version: '1.0.0',
      signature: null,
      bundleDigest: createHash('sha256').update(zip).digest('hex'),
    });
    expectProblem(await qa(user.accessToken), 403, 'forbidden');
    const forReviewer = await fetch(`${t.baseUrl}${inQa.bundleUrl}`, {
      headers: { authorization: `Bearer ${reviewer.accessToken}` },
    });
    expect(forReviewer.status).toBe(200);
    expectProblem(await t.http.get(inQa.bundleUrl, { token: user.accessToken }), 404, 'not-found');
    await t.http.post(`/review/mini-apps/${slug}/versions/1.0.0/publish`, {}, { token: developer.accessToken });
    await waitFor(
      async () => !(await qa(reviewer.accessToken)).body.items.some((l: { slug: string }) => l.slug === slug),
      5_000,
    );
  });

  it("rebuilds its read model from review's events alone: lost listings come back when the events are replayed", async () => {
    const { slug } = await approved('Ferry Tickets', 'Buy a crossing ticket.');
    await t.http.post(`/review/mini-apps/${slug}/versions/1.0.0/publish`, {}, { token: developer.accessToken });
    const listed = () => t.http.get(`/discovery/mini-apps/${slug}`, { token: user.accessToken });
    const before = await waitFor(async () => (await listed()).status === 200 && (await listed()).body, 5_000);
    // The read model is lost (here: emptied behind the app's back) ...
    const db = t.app.get(DataSource);
    await db.query(`DELETE FROM discovery.listings WHERE slug = $1`, [slug]);
    expect((await listed()).status).toBe(404);
    // ... and rebuilt by replaying review's events to discovery's subscriber, in order, through the bus's admin API.
    const events = await t.http.get(`/bus/events?limit=200`, { token: adminToken });
    const ofSlug = events.body.items.filter(
      (e: { type: string; payload: { slug?: string } }) =>
        e.payload.slug === slug && ['review.version-approved', 'review.version-published'].includes(e.type),
    );
    for (const event of ofSlug.reverse()) {
      expect(
        (
          await t.http.post(
            `/bus/events/${event.eventId}/replay`,
            { subscriber: 'discovery.keep-catalogue' },
            { token: adminToken },
          )
        ).status,
      ).toBe(202);
    }
    expect(await waitFor(async () => (await listed()).status === 200 && (await listed()).body, 5_000)).toEqual(before);
  });
});
