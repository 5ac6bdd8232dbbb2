import { createHash, randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, fieldErrors } from './support/expect-problem';
import { registerAndLogin, type RegisteredUser } from './support/identity-fixtures';
import { uploadBundle, userWithRole } from './support/review-fixtures';
import type { TestApp } from './support/test-app';
import { startWalletApp } from './support/wallet-fixtures';
import { buildZip, cleanMiniApp } from './support/zip-builder';

const ADMIN_EMAIL = `review-admin-${randomUUID()}@example.com`;

describe('review: registering mini-apps and submitting versions', () => {
  let t: TestApp;
  let db: Client;
  let close: () => Promise<void>;
  let developer: RegisteredUser;
  let adminToken: string;
  beforeAll(async () => {
    ({ t, db, close } = await startWalletApp({ ADMIN_EMAIL, REVIEW_BUNDLE_MAX_BYTES: String(256 * 1024) }));
    adminToken = (await registerAndLogin(t.http, { email: ADMIN_EMAIL })).accessToken;
    developer = await userWithRole(t.http, adminToken, 'developer');
  });
  afterAll(() => close?.());

  const register = async (slug = `app-${randomUUID().slice(0, 8)}`) => {
    const response = await t.http.post(
      '/review/mini-apps',
      { slug, name: 'City Bikes', category: 'mobility', description: 'Bikes near you.' },
      { token: developer.accessToken },
    );
    expect(response.status, response.text).toBe(201);
    return slug;
  };
  const storedVersions = async () => Number((await db.query(`SELECT count(*) FROM review.versions`)).rows[0].count);

  it('lets only developers register, and each slug once', async () => {
    const slug = await register();
    expectProblem(
      await t.http.post(
        '/review/mini-apps',
        { slug, name: 'Again', category: 'mobility', description: 'x' },
        { token: developer.accessToken },
      ),
      409,
      'slug-taken',
    );
    const user = await registerAndLogin(t.http);
    expectProblem(
      await t.http.post(
        '/review/mini-apps',
        { slug: 'mine', name: 'x', category: 'mobility', description: 'x' },
        { token: user.accessToken },
      ),
      403,
      'forbidden',
    );
    const badCategory = await t.http.post(
      '/review/mini-apps',
      { slug: 'other-one', name: 'x', category: 'casino', description: 'x' },
      { token: developer.accessToken },
    );
    expect(fieldErrors(badCategory).map((e) => e.pointer)).toEqual(['#/category']);
  });

  it('accepts a clean bundle with 202, records its SHA-256 and publishes review.version-submitted', async () => {
    const slug = await register();
    const zip = buildZip(cleanMiniApp({ slug }));
    const response = await uploadBundle(t.http, developer.accessToken, slug, zip);
    expect(response.status, response.text).toBe(202);
    expect(response.body).toMatchObject({
      version: '1.0.0',
      bundleDigest: createHash('sha256').update(zip).digest('hex'),
      fileCount: 3,
    });
    expect(['submitted', 'scanning', 'in-review']).toContain(response.body.status);
    // Location points at the version, where its progress through the pipeline shows.
    expect(response.headers.get('location')).toBe(`/review/mini-apps/${slug}/versions/1.0.0`);
    const seen = await t.http.get(response.headers.get('location')!, { token: developer.accessToken });
    expect(seen.body.bundleDigest).toBe(response.body.bundleDigest);
    const stored = await db.query(`SELECT length(content) AS bytes FROM review.bundles WHERE digest = $1`, [
      response.body.bundleDigest,
    ]);
    expect(stored.rows).toEqual([{ bytes: zip.length }]);
    const events = await db.query(
      `SELECT payload FROM bus.events WHERE type = 'review.version-submitted' AND payload->>'slug' = $1`,
      [slug],
    );
    expect(events.rows).toHaveLength(1);
  });

  it('refuses a manifest whose name holds a NUL character with 400, naming the field, and stores nothing', async () => {
    const slug = await register();
    const before = await storedVersions();
    const response = await uploadBundle(
      t.http,
      developer.accessToken,
      slug,
      buildZip(cleanMiniApp({ slug, manifest: { name: 'City\u0000Bikes' } })),
    );
    expectProblem(response, 400, 'invalid-manifest');
    expect(fieldErrors(response).map((e) => e.pointer)).toEqual(['#/manifest/name']);
    expect(await storedVersions()).toBe(before);
  });

  it('refuses a version not above the last one, and a manifest with wrong fields, each named, storing nothing', async () => {
    const slug = await register();
    expect(
      (await uploadBundle(t.http, developer.accessToken, slug, buildZip(cleanMiniApp({ slug, version: '1.2.0' }))))
        .status,
    ).toBe(202);
    const before = await storedVersions();
    const older = await uploadBundle(
      t.http,
      developer.accessToken,
      slug,
      buildZip(cleanMiniApp({ slug, version: '1.1.9' })),
    );
    expectProblem(older, 400, 'invalid-manifest');
    expect(fieldErrors(older).map((e) => e.pointer)).toEqual(['#/manifest/version']);
    const wrong = await uploadBundle(
      t.http,
      developer.accessToken,
      slug,
      buildZip(
        cleanMiniApp({
          slug,
          version: '2.0.0',
          manifest: { domains: ['https://127.0.0.1', 'https://*.x.com'], sdkVersion: '9' },
        }),
      ),
    );
    expect(
      fieldErrors(wrong)
        .map((e) => e.pointer)
        .sort(),
    ).toEqual(['#/manifest/domains/0', '#/manifest/domains/1', '#/manifest/sdkVersion']);
    expect(await storedVersions()).toBe(before);
  });

  it.each([
    ['a path that climbs out', [{ name: '../../etc/cron.d/evil', data: 'x' }], 422, 'bundle-path-escapes'],
    ['a symbolic link', [{ name: 'secrets', data: '/etc/passwd', symlink: true }], 422, 'bundle-symlink'],
    ['duplicate names', [{ name: 'app.js', data: 'again' }], 422, 'bundle-duplicate-name'],
    [
      'a decompression bomb',
      [{ name: 'zeros.bin', data: Buffer.alloc(30 * 1024 * 1024) }],
      422,
      'bundle-compression-bomb',
    ],
  ])('refuses a bundle with %s, storing nothing', async (_, extra, status, code) => {
    const slug = await register();
    const before = await storedVersions();
    expectProblem(
      await uploadBundle(t.http, developer.accessToken, slug, buildZip([...cleanMiniApp({ slug }), ...extra])),
      status,
      code,
    );
    expect(await storedVersions()).toBe(before);
  });

  it('refuses a bundle over the size limit with 413, a non-zip with 400, a missing part and a JSON body', async () => {
    const slug = await register();
    const random = Buffer.from(Array.from({ length: 300 * 1024 }, () => Math.floor(Math.random() * 256)));
    expectProblem(
      await uploadBundle(
        t.http,
        developer.accessToken,
        slug,
        buildZip([...cleanMiniApp({ slug }), { name: 'noise.bin', data: random, store: true }]),
      ),
      413,
      'bundle-too-large',
    );
    expectProblem(
      await uploadBundle(t.http, developer.accessToken, slug, Buffer.from('not a zip')),
      400,
      'bundle-not-a-zip',
    );
    expectProblem(
      await uploadBundle(t.http, developer.accessToken, slug, buildZip(cleanMiniApp({ slug })), 'file'),
      400,
      'bundle-missing',
    );
    expect(
      (await t.http.post(`/review/mini-apps/${slug}/versions`, { bundle: 'x' }, { token: developer.accessToken }))
        .status,
    ).toBe(415);
    const cutShort = await fetch(`${t.baseUrl}/review/mini-apps/${slug}/versions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${developer.accessToken}`,
        'content-type': 'multipart/form-data; boundary=xyz',
      },
      body: '--xyz\r\nContent-Disposition: form-data; name="bundle"; filename="b.zip"\r\n\r\nPK',
    });
    expect(cutShort.status).toBe(400);
    const noBoundary = await fetch(`${t.baseUrl}/review/mini-apps/${slug}/versions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${developer.accessToken}`, 'content-type': 'multipart/form-data' },
      body: 'x',
    });
    expect(noBoundary.status).toBe(400);
  });

  it("answers 404 to another developer for someone else's mini-app and its versions", async () => {
    const slug = await register();
    await uploadBundle(t.http, developer.accessToken, slug, buildZip(cleanMiniApp({ slug })));
    const other = await userWithRole(t.http, adminToken, 'developer');
    expectProblem(
      await uploadBundle(t.http, other.accessToken, slug, buildZip(cleanMiniApp({ slug, version: '9.0.0' }))),
      404,
      'not-found',
    );
    expectProblem(
      await t.http.get(`/review/mini-apps/${slug}/versions/1.0.0`, { token: other.accessToken }),
      404,
      'not-found',
    );
  });
});
