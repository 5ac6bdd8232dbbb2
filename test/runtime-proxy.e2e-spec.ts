import { createHash } from 'node:crypto';
import type { LookupFunction } from 'node:net';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostResolver } from '../src/platform/outbound/host-resolver';
import { expectProblem } from './support/expect-problem';
import { registerAndLogin, type RegisteredUser } from './support/identity-fixtures';
import { uploadBundle } from './support/review-fixtures';
import {
  launch,
  publishMiniApp,
  type RuntimeWorld,
  startRuntimeWorld,
  verifiedLaunchData,
} from './support/runtime-fixtures';
import { startTestBackend, type TestBackend } from './support/test-backend';
import { buildZip, cleanMiniApp } from './support/zip-builder';

const RATE_PER_MINUTE = 8;

describe('runtime: the network proxy, with loopback allowed (development)', () => {
  let world: RuntimeWorld;
  let user: RegisteredUser;
  let backend: TestBackend;
  /** Not declared by any mini-app: nothing may ever reach it. */
  let elsewhere: TestBackend;
  let slug: string;

  beforeAll(async () => {
    elsewhere = await startTestBackend((_request, response) => response.end('you should not be here'));
    backend = await startTestBackend((request, response) => {
      const port = new URL(backend.origin).port;
      if (request.path === '/out')
        return void response.writeHead(302, { location: `${elsewhere.origin}/stolen` }).end();
      if (request.path === '/around')
        return void response.writeHead(303, { location: `http://localhost:${port}/echo?via=redirect` }).end();
      if (request.path === '/malformed') return void response.writeHead(302, { location: 'http://[::1' }).end();
      if (request.path === '/large' && request.method === 'HEAD')
        return void response.writeHead(200, { 'content-length': String(2 * 1024 * 1024) }).end();
      if (request.path === '/big') return void response.end(Buffer.alloc(1024 * 1024 + 1, 'x'));
      if (request.path === '/binary')
        return void response
          .writeHead(200, { 'content-type': 'image/png' })
          .end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff]));
      response
        .writeHead(201, { 'content-type': 'application/json', 'set-cookie': 'session=abc', 'x-backend': 'yes' })
        .end(JSON.stringify({ ok: true, path: request.path }));
    });
    world = await startRuntimeWorld({
      OUTBOUND_ALLOW_LOOPBACK: 'true',
      RUNTIME_PROXY_REQUESTS_PER_MINUTE: String(RATE_PER_MINUTE),
    });
    user = await registerAndLogin(world.t.http);
    const port = new URL(backend.origin).port;
    slug = await publishMiniApp(world, { domains: [backend.origin, `http://localhost:${port}`] });
  });
  afterAll(async () => {
    await world?.t.close();
    await backend?.close();
    await elsewhere?.close();
  });

  const proxy = (launchId: string, request: Record<string, unknown>) =>
    world.t.http.post(`/runtime/launches/${launchId}/requests`, request, { token: user.accessToken });

  it("reaches a declared backend with the user's pairwise id and a signature it verifies, never the platform's token or cookies", async () => {
    const { launchId, launchData } = await launch(world.t.http, user, slug);
    const body = JSON.stringify({ order: 42 });
    const answered = await proxy(launchId, {
      url: `${backend.origin}/orders?x=1`,
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: 'platform=1',
        authorization: `Bearer ${user.accessToken}`,
        'x-superapp-openid': 'forged',
        'x-app-session': 'kept',
      },
      body,
    });
    expect(answered.status, answered.text).toBe(200);
    expect(answered.body).toMatchObject({
      status: 201,
      body: JSON.stringify({ ok: true, path: '/orders?x=1' }),
      bodyEncoding: 'utf8',
      headers: { 'x-backend': 'yes', 'content-type': 'application/json' },
    });
    expect(answered.body.headers['set-cookie']).toBeUndefined();

    const seen = backend.received.at(-1)!;
    const openid = (await verifiedLaunchData(world.t.http, launchData, slug)).sub;
    expect(seen).toMatchObject({ method: 'POST', path: '/orders?x=1', body });
    expect(seen.headers).toMatchObject({
      'x-superapp-openid': openid,
      'x-app-session': 'kept',
      'content-type': 'application/json',
    });
    expect(seen.headers.cookie).toBeUndefined();
    expect(seen.headers.authorization).toBeUndefined();
    expect(JSON.stringify(seen.headers)).not.toContain(user.accessToken);
    expect(seen.headers.traceparent).toBeUndefined();

    const jwks = createLocalJWKSet((await world.t.http.get('/runtime/jwks.json')).body);
    const { payload } = await jwtVerify(String(seen.headers['x-superapp-signature']), jwks, {
      audience: slug,
      typ: 'superapp-request+jwt',
      algorithms: ['EdDSA'],
    });
    expect(payload).toMatchObject({
      sub: openid,
      htm: 'POST',
      htu: `${backend.origin}/orders?x=1`,
      bsh: createHash('sha256').update(body).digest('base64url'),
    });
    expect(payload.exp! - payload.iat!).toBe(60);
  });

  it('logs each call with its origin, status and bytes, never a body', async () => {
    const { launchId } = await launch(world.t.http, user, slug);
    await proxy(launchId, { url: `${backend.origin}/log-me`, method: 'PUT', body: 'secret body' });
    const [row] = await world.t.app
      .get(DataSource)
      .query(`SELECT * FROM runtime.access_log WHERE launch_id = $1`, [launchId]);
    expect(row).toMatchObject({
      scope: 'network',
      outcome: 'completed',
      domain: backend.origin,
      status: 201,
      request_bytes: 11,
      response_bytes: JSON.stringify({ ok: true, path: '/log-me' }).length,
    });
    expect(JSON.stringify(row)).not.toMatch(/secret body|log-me/);
  });

  it('refuses an undeclared domain, and a redirect to one, without reaching it', async () => {
    const { launchId } = await launch(world.t.http, user, slug);
    expectProblem(
      await proxy(launchId, { url: `${elsewhere.origin}/stolen`, method: 'GET' }),
      422,
      'domain-not-declared',
    );
    expectProblem(await proxy(launchId, { url: `${backend.origin}/out`, method: 'GET' }), 502, 'redirect-not-declared');
    expect(elsewhere.received).toEqual([]);
    expectProblem(await proxy(launchId, { url: 'ftp://127.0.0.1/x', method: 'GET' }), 422, 'https-required');
    expectProblem(await proxy(launchId, { url: 'not a url', method: 'GET' }), 400, 'validation');
  });

  it('follows a redirect that stays on the declared domains, as a browser would', async () => {
    const { launchId } = await launch(world.t.http, user, slug);
    const answered = await proxy(launchId, { url: `${backend.origin}/around`, method: 'POST', body: 'x' });
    expect(answered.body).toMatchObject({
      status: 201,
      body: JSON.stringify({ ok: true, path: '/echo?via=redirect' }),
    });
    expect(backend.received.at(-1)).toMatchObject({ method: 'GET', path: '/echo?via=redirect', body: '' });
  });

  it('caps the answer at 1 MiB and the request body too, and returns binary as base64', async () => {
    const { launchId } = await launch(world.t.http, user, slug);
    expectProblem(
      await proxy(launchId, { url: `${backend.origin}/big`, method: 'GET' }),
      502,
      'upstream-response-too-large',
    );
    // Over 1 MiB, the request to the platform is itself over BODY_LIMIT_BYTES (1 MiB by default).
    expectProblem(
      await proxy(launchId, {
        url: `${backend.origin}/x`,
        method: 'POST',
        body: Buffer.alloc(1024 * 1024 + 1).toString('base64'),
        bodyEncoding: 'base64',
      }),
      413,
      'payload-too-large',
    );
    expect((await proxy(launchId, { url: `${backend.origin}/binary`, method: 'GET' })).body).toMatchObject({
      body: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff]).toString('base64'),
      bodyEncoding: 'base64',
    });
  });

  it('answers a HEAD of a resource larger than the cap, whose body never comes', async () => {
    const { launchId } = await launch(world.t.http, user, slug);
    const answered = await proxy(launchId, { url: `${backend.origin}/large`, method: 'HEAD' });
    expect(answered.status, answered.text).toBe(200);
    expect(answered.body).toMatchObject({ status: 200, body: '' });
  });

  it('refuses headers that would break the request', async () => {
    const { launchId } = await launch(world.t.http, user, slug);
    expectProblem(
      await proxy(launchId, {
        url: `${backend.origin}/x`,
        method: 'GET',
        headers: { 'x-evil': 'a\r\nhost: elsewhere' },
      }),
      400,
      'validation',
    );
    expectProblem(
      await proxy(launchId, { url: `${backend.origin}/x`, method: 'GET', headers: { 'bad name': 'x' } }),
      400,
      'validation',
    );
    expectProblem(await proxy(launchId, { url: `${backend.origin}/x`, method: 'CONNECT' }), 400, 'validation');
  });

  it('limits the requests of one launch per minute, and not those of the next launch', async () => {
    const { launchId } = await launch(world.t.http, user, slug);
    for (let i = 0; i < RATE_PER_MINUTE; i++)
      expect((await proxy(launchId, { url: `${backend.origin}/x`, method: 'GET' })).status).toBe(200);
    const limited = await proxy(launchId, { url: `${backend.origin}/x`, method: 'GET' });
    expectProblem(limited, 429, 'rate-limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const next = await launch(world.t.http, user, slug);
    expect((await proxy(next.launchId, { url: `${backend.origin}/x`, method: 'GET' })).status).toBe(200);
  });

  it('counts proxy calls by outcome', async () => {
    const metrics = (await world.t.http.get('/metrics')).text;
    expect(metrics).toContain(`mini_app_proxy_requests_total{mini_app="${slug}",outcome="completed"}`);
    expect(metrics).toContain(`mini_app_proxy_requests_total{mini_app="${slug}",outcome="refused-redirect"} 1`);
  });

  it('refuses a redirect to a Location that is not a URL, and logs the call', async () => {
    const { launchId } = await launch(world.t.http, user, slug);
    expectProblem(
      await proxy(launchId, { url: `${backend.origin}/malformed`, method: 'GET' }),
      502,
      'redirect-not-declared',
    );
    const log = await world.t.app
      .get(DataSource)
      .query(`SELECT scope, outcome, domain FROM runtime.access_log WHERE launch_id = $1`, [launchId]);
    expect(log).toEqual([{ scope: 'network', outcome: 'refused-redirect', domain: backend.origin }]);
  });
});

describe('runtime: the network proxy, as in production (loopback refused)', () => {
  let world: RuntimeWorld;
  let user: RegisteredUser;
  let backend: TestBackend;
  const resolved: string[] = [];
  /** Stands in for DNS (there is none here): these public-looking names resolve where an attacker would point them. */
  const ADDRESSES: Record<string, string> = {
    'api.rebinding.example': '127.0.0.1',
    'metadata.rebinding.example': '169.254.169.254',
    'private.rebinding.example': '10.0.0.7',
  };

  beforeAll(async () => {
    backend = await startTestBackend((_request, response) => response.end('reached'));
    world = await startRuntimeWorld();
    user = await registerAndLogin(world.t.http);
    const lookup = ((hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
      resolved.push(hostname);
      const address = ADDRESSES[hostname];
      if (!address)
        return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }));
      return options.all ? callback(null, [{ address, family: 4 }]) : callback(null, address, 4);
    }) as unknown as LookupFunction;
    world.t.app.get(HostResolver).lookup = lookup;
  });
  afterAll(async () => {
    await world?.t.close();
    await backend?.close();
  });

  it('refuses a declared name that resolves to loopback, link-local (cloud metadata) or a private address, when connecting', async () => {
    const slug = await publishMiniApp(world, { domains: Object.keys(ADDRESSES).map((host) => `https://${host}`) });
    const { launchId } = await launch(world.t.http, user, slug);
    for (const host of Object.keys(ADDRESSES)) {
      const refused = await world.t.http.post(
        `/runtime/launches/${launchId}/requests`,
        { url: `https://${host}/latest/meta-data`, method: 'GET' },
        { token: user.accessToken },
      );
      expectProblem(refused, 403, 'address-not-public');
      expect(resolved).toContain(host);
    }
    const log = await world.t.app
      .get(DataSource)
      .query(`SELECT outcome, domain FROM runtime.access_log WHERE launch_id = $1 ORDER BY at, id`, [launchId]);
    expect(log).toEqual(
      Object.keys(ADDRESSES).map((host) => ({ outcome: 'refused-address', domain: `https://${host}` })),
    );
  });

  it('refuses plain http, even to a declared domain', async () => {
    const slug = await publishMiniApp(world, { domains: ['https://api.rebinding.example'] });
    const { launchId } = await launch(world.t.http, user, slug);
    expectProblem(
      await world.t.http.post(
        `/runtime/launches/${launchId}/requests`,
        { url: 'http://api.rebinding.example/x', method: 'GET' },
        { token: user.accessToken },
      ),
      422,
      'https-required',
    );
  });

  it('has review refuse a loopback origin in a manifest', async () => {
    const slug = `app-loop-${Date.now().toString(36)}`;
    await world.t.http.post(
      '/review/mini-apps',
      { slug, name: 'Loop', category: 'mobility', description: 'Tries loopback.' },
      { token: world.developer.accessToken },
    );
    const upload = await uploadBundle(
      world.t.http,
      world.developer.accessToken,
      slug,
      buildZip(cleanMiniApp({ slug, manifest: { domains: [backend.origin] } })),
    );
    expectProblem(upload, 400, 'invalid-manifest');
    expect(backend.received).toEqual([]);
  });
});
