import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, fieldErrors } from './support/expect-problem';
import { registerAndLogin, type RegisteredUser, STRONG_PASSWORD } from './support/identity-fixtures';
import { rawGet, rawRequest } from './support/raw-http';
import { startTestApp, type TestApp } from './support/test-app';

const cursorAt = (position: string) => Buffer.from(`p:${position}`).toString('base64url');

/** The classes of input a fuzzer found answered with a 500 or a non-problem error, one example each. */
describe('hostile input is refused with a 4xx problem, never a 500', () => {
  let t: TestApp;
  let user: RegisteredUser;
  beforeAll(async () => {
    t = await startTestApp();
    user = await registerAndLogin(t.http);
  });
  afterAll(() => t?.close());

  it.each([
    ['a path parameter', '/discovery/mini-apps/city%00bikes', '#/slug'],
    ['a query parameter', '/discovery/mini-apps?q=bikes%00', '#/q'],
  ])('refuses a NUL character in %s with 400, naming it', async (_case, path, pointer) => {
    const response = await t.http.get(path, { token: user.accessToken });
    expectProblem(response, 400, 'validation');
    expect(fieldErrors(response)).toEqual([{ pointer, detail: expect.stringMatching(/NUL/) }]);
  });

  it('refuses a lone UTF-16 surrogate in a JSON string with 400, naming the field', async () => {
    const raw = `{"email":"ada\\ud800@example.com","password":"${STRONG_PASSWORD}","displayName":"Ada"}`;
    const response = await t.http.post('/identity/register', undefined, {
      raw,
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(response, 400, 'validation');
    expect(fieldErrors(response).map((e) => e.pointer)).toEqual(['#/email']);
  });

  it('refuses JSON nested thousands of levels deep (4 KB) with 400 json-too-deep', async () => {
    const raw = '['.repeat(2_000) + ']'.repeat(2_000);
    const response = await t.http.post('/identity/login', undefined, {
      raw,
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(response, 400, 'json-too-deep');
  });

  it.each([
    ['the discovery catalogue', '/discovery/mini-apps'],
    ['the consent settings', '/runtime/grants'],
  ])('refuses a cursor near 2^63 on %s with 400 invalid-cursor', async (_case, path) => {
    for (const position of ['9223372036854775807', '9223372036854775000']) {
      expectProblem(
        await t.http.get(`${path}?cursor=${cursorAt(position)}`, { token: user.accessToken }),
        400,
        'invalid-cursor',
      );
    }
  });

  it('answers a malformed percent-escape in the path with a 400 problem', async () => {
    const response = await rawRequest(t.baseUrl, rawGet('/discovery/mini-apps/%E0%A4%A'));
    expectProblem(response, 400, 'bad-url');
    expect(response.body.requestId).toBe(response.headers.get('x-request-id'));
  });

  it('answers a path parameter over the router limit with a 414 problem', async () => {
    expectProblem(
      await t.http.get(`/discovery/mini-apps/${'a'.repeat(300)}`, { token: user.accessToken }),
      414,
      'uri-too-long',
    );
  });

  it('answers raw non-ASCII bytes in the URL with a 400 problem', async () => {
    const response = await rawRequest(t.baseUrl, rawGet(Buffer.from('/discovery/mini-apps/caf\u00e9', 'utf8')));
    expectProblem(response, 400, 'malformed-request');
  });

  it('answers headers over the size limit with a 431 problem', async () => {
    const response = await rawRequest(t.baseUrl, rawGet('/health/live', { 'x-padding': 'a'.repeat(20_000) }));
    expectProblem(response, 431, 'header-fields-too-large');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
