import { createHmac, createPublicKey, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import {
  createLocalJWKSet,
  decodeProtectedHeader,
  exportJWK,
  jwtVerify,
  SignJWT,
  type JSONWebKeySet,
  type JWK,
  type JWTPayload,
} from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from './support/expect-problem';
import type { HttpResponse } from './support/http-client';
import { registerAndLogin, type RegisteredUser } from './support/identity-fixtures';
import { startTestApp, type TestApp } from './support/test-app';

const ISSUER = 'https://issuer.e2e.test';
const AUDIENCE = 'superapp-e2e-audience';
const KID = 'e2e-signing-key-1';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const nowSeconds = () => Math.floor(Date.now() / 1000);

function newEcKey(): KeyObject {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
}

/** Signs any header and payload with ES256, as a holder of `key` would. */
function es256(key: KeyObject, header: { kid?: string }, payload: JWTPayload): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: 'ES256', typ: 'JWT', ...header }).sign(key);
}

/** HS256 by hand: what an attacker does with the server's *public* key bytes as the HMAC secret. */
function hs256(secret: Uint8Array | string, header: Record<string, unknown>, payload: JWTPayload): string {
  const input = `${b64url({ alg: 'HS256', typ: 'JWT', ...header })}.${b64url(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/** An unsigned token: `alg: none` and an empty signature. */
function unsigned(header: Record<string, unknown>, payload: JWTPayload): string {
  return `${b64url({ alg: 'none', typ: 'JWT', ...header })}.${b64url(payload)}.`;
}

/** Replaces the payload of a real token and keeps its header and signature. */
function withPayload(token: string, change: (payload: Record<string, unknown>) => void): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  change(claims);
  return `${header}.${b64url(claims)}.${signature}`;
}

function expectInvalidToken(response: HttpResponse): void {
  expectProblem(response, 401, 'invalid-token');
  expect(response.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
}

describe('access tokens', () => {
  const serverKey = newEcKey();
  let t: TestApp;
  let jwks: JSONWebKeySet;
  let ada: RegisteredUser;
  let bob: RegisteredUser;

  /** Valid claims for `sub`, as the server would issue them. */
  const claims = (sub: string, extra: JWTPayload = {}): JWTPayload => ({
    sub,
    roles: ['user'],
    jti: randomUUID(),
    iss: ISSUER,
    aud: AUDIENCE,
    iat: nowSeconds(),
    exp: nowSeconds() + 300,
    ...extra,
  });

  beforeAll(async () => {
    t = await startTestApp({
      JWT_PRIVATE_KEY: serverKey.export({ type: 'pkcs8', format: 'pem' }) as string,
      JWT_KEY_ID: KID,
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: AUDIENCE,
    });
    const response = await t.http.get('/.well-known/jwks.json');
    expect(response.status).toBe(200);
    jwks = response.body as JSONWebKeySet;
    ada = await registerAndLogin(t.http);
    bob = await registerAndLogin(t.http);
  });
  afterAll(() => t?.close());

  describe('the tokens the server issues', () => {
    it('publishes only the public half of the configured key in the JWKS, under the configured kid', async () => {
      const expected = await exportJWK(createPublicKey(serverKey));
      expect(jwks.keys).toHaveLength(1);
      expect(jwks.keys[0]).toMatchObject({
        kty: 'EC',
        crv: 'P-256',
        x: expected.x,
        y: expected.y,
        kid: KID,
        alg: 'ES256',
        use: 'sig',
      });
      expect(jwks.keys[0]).not.toHaveProperty('d');
    });

    it('issues at login a token that verifies against the JWKS with the configured issuer and audience', async () => {
      const before = nowSeconds();
      const login = await t.http.post('/identity/login', { email: ada.email, password: ada.password });
      expect(login.status, login.text).toBe(200);
      const token: string = login.body.accessToken;

      const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(jwks), {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['ES256'],
      });
      expect(protectedHeader).toMatchObject({ alg: 'ES256', kid: KID });
      expect(payload).toMatchObject({
        sub: ada.id,
        roles: ['user'],
        iss: ISSUER,
        aud: AUDIENCE,
        jti: expect.stringMatching(/\S/),
      });
      expect(payload.iat).toBeGreaterThanOrEqual(before - 5);
      expect(payload.iat).toBeLessThanOrEqual(nowSeconds() + 5);
      expect(payload.exp! - payload.iat!).toBe(t.config.ACCESS_TOKEN_TTL_SECONDS);
      expect(login.body.expiresIn).toBe(t.config.ACCESS_TOKEN_TTL_SECONDS);
    });

    it('gives every login a token with its own jti', async () => {
      const first = await t.http.post('/identity/login', { email: bob.email, password: bob.password });
      const second = await t.http.post('/identity/login', { email: bob.email, password: bob.password });
      const jtis = await Promise.all(
        [first, second].map(
          async (r) =>
            (
              await jwtVerify(r.body.accessToken as string, createLocalJWKSet(jwks), {
                issuer: ISSUER,
                audience: AUDIENCE,
              })
            ).payload.jti,
        ),
      );
      expect(jtis[0]).not.toBe(jtis[1]);
    });
  });

  describe('a token signed with the configured key, issuer and audience', () => {
    it('is accepted by GET /identity/me when its sub is a real user', async () => {
      const token = await es256(serverKey, { kid: KID }, claims(ada.id));
      const me = await t.http.get('/identity/me', { token });
      expect(me.status, me.text).toBe(200);
      expect(me.body).toMatchObject({ id: ada.id, email: ada.email, roles: ['user'] });
    });

    it('answers 404 when its sub is no user', async () => {
      const token = await es256(serverKey, { kid: KID }, claims(randomUUID()));
      const me = await t.http.get('/identity/me', { token });
      expectProblem(me, 404, 'not-found');
    });

    it.each([
      ['not a UUID', 'not-a-uuid'],
      ['empty', ''],
    ])('refuses it as invalid, never a 500, when its sub is %s', async (_case, sub) => {
      const token = await es256(serverKey, { kid: KID }, claims(sub));
      expectInvalidToken(await t.http.get('/identity/me', { token }));
    });
  });

  describe('verification rejects forged tokens with 401 invalid-token', () => {
    const serverPublicJwk = (): JWK => {
      const jwk = jwks.keys.find((k) => k.kid === KID);
      if (!jwk) throw new Error('the JWKS does not list the configured kid');
      return jwk;
    };

    const forgeries: Array<[string, () => Promise<string> | string]> = [
      [
        'alg none (unsigned, otherwise valid claims)',
        () => unsigned({ kid: KID }, claims(ada.id, { roles: ['admin'] })),
      ],
      ['alg none without a kid', () => unsigned({}, claims(ada.id))],
      [
        'HS256 signed with the public key as SPKI PEM (algorithm confusion)',
        () =>
          hs256(
            createPublicKey({ key: serverPublicJwk(), format: 'jwk' }).export({
              type: 'spki',
              format: 'pem',
            }),
            { kid: KID },
            claims(ada.id),
          ),
      ],
      [
        'HS256 signed with the public key as DER bytes (algorithm confusion)',
        () =>
          hs256(
            createPublicKey({ key: serverPublicJwk(), format: 'jwk' }).export({ type: 'spki', format: 'der' }),
            { kid: KID },
            claims(ada.id),
          ),
      ],
      [
        'HS256 signed with the JWK JSON from the JWKS (algorithm confusion)',
        () => hs256(JSON.stringify(serverPublicJwk()), { kid: KID }, claims(ada.id)),
      ],
      ['a wrong issuer', () => es256(serverKey, { kid: KID }, claims(ada.id, { iss: 'https://attacker.example.com' }))],
      ['a wrong audience', () => es256(serverKey, { kid: KID }, claims(ada.id, { aud: 'some-other-service' }))],
      [
        'an expired token',
        () => es256(serverKey, { kid: KID }, claims(ada.id, { iat: nowSeconds() - 3_600, exp: nowSeconds() - 60 })),
      ],
      [
        'a token not valid yet (nbf in the future)',
        () => es256(serverKey, { kid: KID }, claims(ada.id, { nbf: nowSeconds() + 600, exp: nowSeconds() + 1_200 })),
      ],
      ['a token signed by an unknown key under the right kid', () => es256(newEcKey(), { kid: KID }, claims(ada.id))],
      [
        'a token signed by the right key under an unknown kid',
        () => es256(serverKey, { kid: 'no-such-kid' }, claims(ada.id)),
      ],
      ['a token signed by the right key without a kid', () => es256(serverKey, {}, claims(ada.id))],
      [
        'a token claiming a role that does not exist',
        () => es256(serverKey, { kid: KID }, claims(ada.id, { roles: ['superuser'] })),
      ],
      ['a token that is not a JWT at all', () => 'not.a.jwt'],
      [
        'a token without exp (it would never expire)',
        () => es256(serverKey, { kid: KID }, claims(ada.id, { exp: undefined })),
      ],
      ['a token without jti', () => es256(serverKey, { kid: KID }, claims(ada.id, { jti: undefined }))],
    ];

    it.each(forgeries)('refuses %s', async (_case, forge) => {
      const me = await t.http.get('/identity/me', { token: await forge() });
      expectInvalidToken(me);
    });

    it('refuses a real token whose sub was changed to another user', async () => {
      const forged = withPayload(ada.accessToken, (payload) => {
        payload.sub = bob.id;
      });
      expect(decodeProtectedHeader(forged).kid).toBe(KID);
      expectInvalidToken(await t.http.get('/identity/me', { token: forged }));
      // The untampered token still works, so the 401 is about the tampering.
      expect((await t.http.get('/identity/me', { token: ada.accessToken })).status).toBe(200);
    });

    it('refuses a real token whose roles were raised to admin', async () => {
      const forged = withPayload(ada.accessToken, (payload) => {
        payload.roles = ['user', 'admin'];
      });
      const grant = await t.http.post(`/identity/users/${ada.id}/roles`, { role: 'admin' }, { token: forged });
      expectInvalidToken(grant);
      const me = await t.http.get('/identity/me', { token: ada.accessToken });
      expect(me.body.roles).toEqual(['user']);
    });
  });
});

describe('key rotation', () => {
  const current = newEcKey();
  const retired = newEcKey();
  let t: TestApp;
  beforeAll(async () => {
    // An operator pastes the retired key as a full JWK, private part included, by mistake.
    const pasted = { ...(retired.export({ format: 'jwk' }) as JWK), kid: 'retired-2025' };
    t = await startTestApp({
      JWT_PRIVATE_KEY: current.export({ type: 'pkcs8', format: 'pem' }) as string,
      JWT_KEY_ID: 'current-2026',
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: AUDIENCE,
      JWT_PREVIOUS_PUBLIC_KEYS: JSON.stringify({ keys: [pasted] }),
    });
  });
  afterAll(() => t?.close());

  it('publishes the current and the retired key, never a private part', async () => {
    const jwks = (await t.http.get('/.well-known/jwks.json')).body as JSONWebKeySet;
    expect(jwks.keys.map((k) => k.kid).sort()).toEqual(['current-2026', 'retired-2025']);
    for (const key of jwks.keys) expect(Object.keys(key).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
  });

  it('still accepts a token signed with the retired key until it expires, and signs new ones with the current key', async () => {
    const user = await registerAndLogin(t.http);
    const [header] = user.accessToken.split('.');
    expect(JSON.parse(Buffer.from(header, 'base64url').toString()).kid).toBe('current-2026');
    const old = await es256(
      retired,
      { kid: 'retired-2025' },
      {
        sub: user.id,
        roles: ['user'],
        jti: randomUUID(),
        iss: ISSUER,
        aud: AUDIENCE,
        iat: nowSeconds(),
        exp: nowSeconds() + 300,
      },
    );
    expect((await t.http.get('/identity/me', { token: old })).status).toBe(200);
  });
});
