import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, fieldErrors } from './support/expect-problem';
import type { HttpResponse } from './support/http-client';
import { uploadLargeBody } from './support/large-upload';
import { STRONG_PASSWORD, registerAndLogin } from './support/identity-fixtures';
import { UnitOfWork } from '../src/platform/database/unit-of-work';
import { startTestApp, type TestApp } from './support/test-app';

const JSON_TYPE = { 'content-type': 'application/json' };
const SANE_ID = /^[\w.:-]{1,128}$/;
const ALLOWED_ORIGIN = 'https://app.example.com';

/** `"auth";r=0;t=42, "default";r=9;t=60` → { auth: { r: 0, t: 42 }, default: { r: 9, t: 60 } } (IETF RateLimit fields). */
function rateLimitFields(header: string | null): Record<string, Record<string, number>> {
  const fields: Record<string, Record<string, number>> = {};
  for (const member of (header ?? '')
    .split(',')
    .map((m) => m.trim())
    .filter(Boolean)) {
    const [name, ...params] = member.split(';');
    const quoted = /^"([^"]+)"$/.exec(name);
    if (!quoted) throw new Error(`not a quoted policy name: ${member}`);
    fields[quoted[1]] = Object.fromEntries(params.map((p) => p.split('=')).map(([k, v]) => [k, Number(v)]));
  }
  return fields;
}

const allowHeader = (response: HttpResponse) =>
  (response.headers.get('allow') ?? '')
    .split(',')
    .map((m) => m.trim())
    .filter(Boolean);

describe('the gateway', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ BODY_LIMIT_BYTES: '2048', CORS_ORIGINS: ALLOWED_ORIGIN });
  });
  afterAll(() => t?.close());

  describe('answers bad requests with a problem, never a 500', () => {
    it('refuses malformed JSON with 400 malformed-json', async () => {
      const response = await t.http.post('/identity/login', undefined, {
        raw: '{"email": "a@example.com", ',
        headers: JSON_TYPE,
      });
      expectProblem(response, 400, 'malformed-json');
    });

    it('refuses an empty body sent as JSON with 400 malformed-json', async () => {
      const response = await t.http.post('/identity/login', undefined, { raw: '', headers: JSON_TYPE });
      expectProblem(response, 400, 'malformed-json');
    });

    it('refuses an unknown field and points at it', async () => {
      const response = await t.http.post('/identity/login', {
        email: 'ada@example.com',
        password: 'whatever',
        isAdmin: true,
      });
      expectProblem(response, 400, 'validation');
      expect(fieldErrors(response)).toEqual([{ pointer: '#/isAdmin', detail: expect.stringMatching(/\S/) }]);
    });

    it('names every missing field under its JSON pointer', async () => {
      const response = await t.http.post('/identity/register', {});
      expectProblem(response, 400, 'validation');
      const pointers = new Set(fieldErrors(response).map((e) => e.pointer));
      expect([...pointers].sort()).toEqual(['#/displayName', '#/email', '#/password']);
    });

    it('gives exactly one error per missing field', async () => {
      const response = await t.http.post('/identity/register', {});
      expectProblem(response, 400, 'validation');
      const pointers = fieldErrors(response).map((e) => e.pointer);
      expect(pointers.sort()).toEqual(['#/displayName', '#/email', '#/password']);
    });

    it('refuses a body over BODY_LIMIT_BYTES with 413', async () => {
      const response = await t.http.post('/identity/login', { email: 'ada@example.com', password: 'x'.repeat(4096) });
      expectProblem(response, 413, 'payload-too-large');
    });

    it.each([
      ['with its Content-Length', false],
      ['chunked', true],
    ])(
      'lets a client that sends a body far over the limit, %s, read the 413 instead of a reset connection',
      async (_case, chunked) => {
        for (let attempt = 0; attempt < 3; attempt++) {
          const answer = await uploadLargeBody(t.baseUrl, '/identity/login', 8 * 1024 * 1024, { chunked });
          expect(answer).toMatchObject({
            status: 413,
            contentType: expect.stringMatching(/^application\/problem\+json/),
          });
          expect(JSON.parse((answer as { body: string }).body)).toMatchObject({
            status: 413,
            type: expect.stringMatching(/payload-too-large$/),
          });
        }
      },
    );

    it('reads a body just under BODY_LIMIT_BYTES (so the 413 is the configured limit)', async () => {
      const response = await t.http.post('/identity/login', { email: 'ada@example.com', password: 'x'.repeat(1500) });
      expectProblem(response, 400, 'validation');
      expect(fieldErrors(response).map((e) => e.pointer)).toContain('#/password');
    });

    it.each([
      ['text/plain', '{"email":"ada@example.com","password":"x"}'],
      ['application/xml', '<login><email>ada@example.com</email></login>'],
      ['application/x-www-form-urlencoded', 'email=ada%40example.com&password=x'],
      [
        'multipart/form-data; boundary=xyz',
        '--xyz\r\nContent-Disposition: form-data; name="email"\r\n\r\nada@example.com\r\n--xyz--',
      ],
    ])('refuses a %s body on a JSON route with 415', async (contentType, raw) => {
      const response = await t.http.post('/identity/login', undefined, {
        raw,
        headers: { 'content-type': contentType },
      });
      expectProblem(response, 415, 'unsupported-media-type');
    });

    it('answers an unknown route with 404', async () => {
      const response = await t.http.get('/identity/no-such-thing');
      expectProblem(response, 404, 'not-found');
      expect(response.headers.get('allow')).toBeNull();
    });

    it('answers a known path called with the wrong method with 405 and an Allow header', async () => {
      const put = await t.http.request('PUT', '/identity/me', { displayName: 'x' });
      expectProblem(put, 405, 'method-not-allowed');
      expect(allowHeader(put)).toEqual(expect.arrayContaining(['GET', 'PATCH']));
      expect(allowHeader(put)).not.toContain('PUT');

      const get = await t.http.get('/identity/login');
      expectProblem(get, 405, 'method-not-allowed');
      expect(allowHeader(get)).toEqual(['POST']);
    });

    it.each([
      ['null', 'null', 'validation'],
      ['an array', '[]', 'validation'],
      ['a bare string', '"ada@example.com"', 'validation'],
      ['a number', '42', 'validation'],
      [
        'a prototype-poisoning key',
        '{"__proto__":{"roles":["admin"]},"email":"ada@example.com","password":"x"}',
        'malformed-json',
      ],
      ['a deeply nested object', '{"a":'.repeat(200) + '1' + '}'.repeat(200), 'json-too-deep'],
      ['wrongly typed fields', '{"email":{"$gt":""},"password":["x"]}', 'validation'],
    ])('answers %s as a JSON body with a 400 problem', async (_case, raw, code) => {
      const response = await t.http.post('/identity/login', undefined, { raw, headers: JSON_TYPE });
      expectProblem(response, 400, code);
    });
  });

  describe('X-Request-Id', () => {
    it('echoes a sane id the caller sends on a success', async () => {
      const id = `e2e-${randomUUID()}`;
      const response = await t.http.get('/health/live', { headers: { 'x-request-id': id } });
      expect(response.status).toBe(200);
      expect(response.headers.get('x-request-id')).toBe(id);
    });

    it('echoes a sane id on an error and quotes it as requestId in the problem', async () => {
      const id = `trace.${Date.now()}:abc_DEF-1`;
      const response = await t.http.get('/no-such-route', { headers: { 'x-request-id': id } });
      expectProblem(response, 404, 'not-found');
      expect(response.headers.get('x-request-id')).toBe(id);
      expect(response.body.requestId).toBe(id);
    });

    it('echoes the id also when the body is refused before routing', async () => {
      const id = `before-routing-${randomUUID()}`;
      const response = await t.http.post('/identity/login', undefined, {
        raw: '{',
        headers: { ...JSON_TYPE, 'x-request-id': id },
      });
      expectProblem(response, 400, 'malformed-json');
      expect(response.headers.get('x-request-id')).toBe(id);
      expect(response.body.requestId).toBe(id);
    });

    it.each([
      ['missing', undefined],
      ['300 characters long', 'a'.repeat(300)],
      ['full of spaces', 'my request id'],
      ['carrying markup', '<script>alert(1)</script>'],
    ])('replaces an id that is %s with a generated one', async (_case, offered) => {
      const response = await t.http.get('/no-such-route', {
        headers: offered === undefined ? {} : { 'x-request-id': offered },
      });
      expectProblem(response, 404, 'not-found');
      const id = response.headers.get('x-request-id');
      expect(id).toMatch(SANE_ID);
      expect(id).not.toBe(offered);
      expect(response.body.requestId).toBe(id);
    });

    it('generates a different id for each request without one', async () => {
      const [a, b] = await Promise.all([t.http.get('/health/live'), t.http.get('/health/live')]);
      expect(a.headers.get('x-request-id')).toMatch(SANE_ID);
      expect(b.headers.get('x-request-id')).toMatch(SANE_ID);
      expect(a.headers.get('x-request-id')).not.toBe(b.headers.get('x-request-id'));
    });
  });

  describe('security headers and CORS', () => {
    it.each([
      ['a success', '/health/live', 200],
      ['an error', '/no-such-route', 404],
    ])('sends the security headers on %s', async (_case, path, status) => {
      const response = await t.http.get(path);
      expect(response.status).toBe(status);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      // Served over plain http here (SERVED_OVER_HTTPS unset outside production): nothing sends the browser to https.
      expect(response.headers.get('strict-transport-security')).toBeNull();
      expect(response.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
      expect(response.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
      expect(response.headers.get('x-frame-options')).toMatch(/^(SAMEORIGIN|DENY)$/);
    });

    it('allows a preflight from a configured origin', async () => {
      const response = await t.http.request('OPTIONS', '/identity/me', undefined, {
        headers: {
          origin: ALLOWED_ORIGIN,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      });
      expect(response.status).toBeLessThan(300);
      expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
      expect(response.headers.get('access-control-allow-methods')).toMatch(/\bGET\b/);
      expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    });

    it('allows a preflight for every method the API uses (PATCH, DELETE) from a configured origin', async () => {
      const response = await t.http.request('OPTIONS', '/identity/me', undefined, {
        headers: {
          origin: ALLOWED_ORIGIN,
          'access-control-request-method': 'PATCH',
          'access-control-request-headers': 'authorization, content-type',
        },
      });
      expect(response.status).toBeLessThan(300);
      expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
      const methods = (response.headers.get('access-control-allow-methods') ?? '').split(',').map((m) => m.trim());
      expect(methods).toEqual(expect.arrayContaining(['GET', 'POST', 'PATCH', 'DELETE']));
    });

    it('does not allow a preflight from another origin', async () => {
      const response = await t.http.request('OPTIONS', '/identity/me', undefined, {
        headers: {
          origin: 'https://evil.example.com',
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      });
      expect(response.status).toBeLessThan(500);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('lets the configured origin read the request id and rate-limit headers', async () => {
      const allowed = await t.http.get('/health/live', { headers: { origin: ALLOWED_ORIGIN } });
      expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
      const exposed = (allowed.headers.get('access-control-expose-headers') ?? '').toLowerCase();
      for (const header of ['x-request-id', 'ratelimit', 'ratelimit-policy', 'retry-after'])
        expect(exposed).toContain(header);

      const other = await t.http.get('/health/live', { headers: { origin: 'https://evil.example.com' } });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    });
  });

  describe('authentication by default', () => {
    it('refuses a protected route without a token with 401 and WWW-Authenticate: Bearer', async () => {
      const response = await t.http.get('/identity/me');
      expectProblem(response, 401, 'missing-token');
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
    });

    it('refuses a protected route with a non-bearer Authorization header', async () => {
      const response = await t.http.get('/identity/me', { headers: { authorization: 'Basic YWRhOnNlY3JldA==' } });
      expectProblem(response, 401, 'missing-token');
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
    });

    it('serves the public routes without a token', async () => {
      const live = await t.http.get('/health/live');
      expect(live.status).toBe(200);
      expect(live.body.status).toBe('ok');

      const jwks = await t.http.get('/.well-known/jwks.json');
      expect(jwks.status).toBe(200);
      expect(jwks.body.keys.length).toBeGreaterThan(0);

      const docs = await t.http.get('/docs-json');
      expect(docs.status).toBe(200);
      expect(docs.body.openapi).toMatch(/^3\./);
      expect(Object.keys(docs.body.paths)).toContain('/identity/me');
    });

    it('refuses a non-admin granting a role with 403, and grants nothing', async () => {
      const user = await registerAndLogin(t.http);
      const response = await t.http.post(
        `/identity/users/${user.id}/roles`,
        { role: 'admin' },
        { token: user.accessToken },
      );
      expectProblem(response, 403, 'forbidden');
      const me = await t.http.get('/identity/me', { token: user.accessToken });
      expect(me.status).toBe(200);
      expect(me.body.roles).toEqual(['user']);
    });
  });
});

describe('rate limiting of the auth routes (AUTH_RATE_LIMIT_PER_MINUTE=3)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ AUTH_RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(() => t?.close());

  it('shares one budget across registration and login, counts it down in the RateLimit fields and answers past it with 429 and Retry-After', async () => {
    const email = `budget-${Date.now()}@example.com`;
    const registered = await t.http.post('/identity/register', {
      email,
      password: STRONG_PASSWORD,
      displayName: 'Budget',
    });
    expect(registered.status, registered.text).toBe(201);
    const remaining: number[] = [rateLimitFields(registered.headers.get('ratelimit')).auth.r];
    for (let attempt = 1; attempt <= 2; attempt++) {
      const login = await t.http.post('/identity/login', { email, password: STRONG_PASSWORD });
      expect(login.status, login.text).toBe(200);
      expect(login.headers.get('ratelimit-policy')).toContain('"auth";q=3;w=60');
      const auth = rateLimitFields(login.headers.get('ratelimit')).auth;
      expect(auth.t).toBeGreaterThanOrEqual(1);
      expect(auth.t).toBeLessThanOrEqual(60);
      remaining.push(auth.r);
    }
    expect(remaining).toEqual([2, 1, 0]);

    const fourth = await t.http.post('/identity/login', { email, password: STRONG_PASSWORD });
    expectProblem(fourth, 429, 'rate-limited');
    expect(fourth.headers.get('ratelimit-policy')).toContain('"auth";q=3;w=60');
    expect(fourth.headers.get('ratelimit')).toMatch(/"auth";r=0;t=\d+/);
    const retryAfter = fourth.headers.get('retry-after');
    expect(retryAfter).toMatch(/^\d+$/);
    const exhausted = rateLimitFields(fourth.headers.get('ratelimit')).auth;
    expect(exhausted.r).toBe(0);
    expect(exhausted.t).toBeGreaterThanOrEqual(1);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(exhausted.t);
    expect(fourth.body.requestId).toBe(fourth.headers.get('x-request-id'));
  });
});

describe('rate limiting per user (RATE_LIMIT_PER_MINUTE=5)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '5' });
  });
  afterAll(() => t?.close());

  it('gives each signed-in user their own budget, even from the same IP', async () => {
    const ada = await registerAndLogin(t.http);
    const bob = await registerAndLogin(t.http);

    const remaining: number[] = [];
    for (let call = 1; call <= 5; call++) {
      const me = await t.http.get('/identity/me', { token: ada.accessToken });
      expect(me.status, me.text).toBe(200);
      expect(me.headers.get('ratelimit-policy')).toBe('"default";q=5;w=60');
      remaining.push(rateLimitFields(me.headers.get('ratelimit')).default.r);
    }
    expect(remaining).toEqual([4, 3, 2, 1, 0]);

    const adaOver = await t.http.get('/identity/me', { token: ada.accessToken });
    expectProblem(adaOver, 429, 'rate-limited');
    expect(adaOver.headers.get('ratelimit')).toMatch(/"default";r=0;t=\d+/);
    expect(Number(adaOver.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

    const bobMe = await t.http.get('/identity/me', { token: bob.accessToken });
    expect(bobMe.status, bobMe.text).toBe(200);
    expect(bobMe.body.id).toBe(bob.id);
    expect(rateLimitFields(bobMe.headers.get('ratelimit')).default.r).toBe(4);
  });

  it('never throttles the liveness probe, which an orchestrator sends from one address all day; readiness, which pings the database, is limited', async () => {
    const statuses: number[] = [];
    for (let call = 1; call <= 8; call++) {
      const live = await t.http.get('/health/live');
      expect(live.status).toBe(200);
      expect(live.headers.get('ratelimit')).toBeNull();
      statuses.push((await t.http.get('/health/ready')).status);
    }
    expect(statuses).toContain(429);
  });
});

describe('a database with no free connection (DATABASE_POOL_SIZE=2, DATABASE_CONNECT_TIMEOUT_MS=300)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ DATABASE_POOL_SIZE: '2', DATABASE_CONNECT_TIMEOUT_MS: '300' });
  });
  afterAll(() => t?.close());

  it('answers 503 with Retry-After while every connection is taken, and serves again once one is free', async () => {
    const user = await registerAndLogin(t.http);
    const unitOfWork = t.app.get(UnitOfWork);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const holding: Array<Promise<void>> = [];
    // Each unit of work holds its connection until released; the next statement anyone sends waits for one.
    const holdOne = () =>
      new Promise<void>((taken) => {
        holding.push(
          unitOfWork.run(async () => {
            await unitOfWork.manager.query('SELECT 1');
            taken();
            await released;
          }),
        );
      });
    await Promise.all([holdOne(), holdOne()]);

    const busy = await t.http.get('/identity/me', { token: user.accessToken });
    release();
    await Promise.all(holding);

    expectProblem(busy, 503, 'database-busy');
    expect(busy.headers.get('retry-after')).toBe('1');
    expect((await t.http.get('/identity/me', { token: user.accessToken })).status).toBe(200);
  });
});
