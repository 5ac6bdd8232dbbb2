import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdentityHousekeeping } from '../src/modules/identity/application/identity-housekeeping';
import { PasswordCheck } from '../src/modules/identity/application/password-check';
import { STRONG_PASSWORD, registerAndLogin } from './support/identity-fixtures';
import { movableClock } from './support/movable-clock';
import { startTestApp, type TestApp } from './support/test-app';

describe('identity sessions over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('walks register → login → me → refresh → reuse refused → logout', async () => {
    const email = `Walk.${Date.now()}@Example.COM `;
    const registered = await t.http.post('/identity/register', {
      email,
      password: STRONG_PASSWORD,
      displayName: 'Walker',
    });
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({
      email: email.trim().toLowerCase(),
      displayName: 'Walker',
      roles: ['user'],
    });
    expect(registered.text).not.toMatch(/argon2|passwordHash|password/i);

    const login = await t.http.post('/identity/login', { email: email.toUpperCase(), password: STRONG_PASSWORD });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });

    const me = await t.http.get('/identity/me', { token: login.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(registered.body.id);

    const refreshed = await t.http.post('/identity/token/refresh', { refreshToken: login.body.refreshToken });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refreshToken).not.toBe(login.body.refreshToken);
    expect((await t.http.get('/identity/me', { token: refreshed.body.accessToken })).status).toBe(200);

    const reuse = await t.http.post('/identity/token/refresh', { refreshToken: login.body.refreshToken });
    expect(reuse.status).toBe(401);
    expect(reuse.body.type).toMatch(/refresh-token-reuse-detected$/);
    const familyRevoked = await t.http.post('/identity/token/refresh', { refreshToken: refreshed.body.refreshToken });
    expect(familyRevoked.status).toBe(401);
    expect(familyRevoked.body.type).toMatch(/refresh-token-revoked$/);

    const second = await t.http.post('/identity/login', { email, password: STRONG_PASSWORD });
    const logout = await t.http.post(
      '/identity/logout',
      { refreshToken: second.body.refreshToken },
      { token: second.body.accessToken },
    );
    expect(logout.status).toBe(204);
    expect((await t.http.post('/identity/token/refresh', { refreshToken: second.body.refreshToken })).status).toBe(401);
  });

  it("still catches the reuse of a live session's old rotated token after the retention sweep", async () => {
    const user = await registerAndLogin(t.http);
    const advanceClock = movableClock(t.app);
    const day = 86_400_000;
    try {
      // A session in use for 65 days: its first token expired long ago, the latest is alive.
      advanceClock(20 * day);
      const second = await t.http.post('/identity/token/refresh', { refreshToken: user.refreshToken });
      expect(second.status).toBe(200);
      advanceClock(20 * day);
      const third = await t.http.post('/identity/token/refresh', { refreshToken: second.body.refreshToken });
      expect(third.status).toBe(200);
      advanceClock(25 * day);
      await t.app.get(IdentityHousekeeping).sweep();

      const reuse = await t.http.post('/identity/token/refresh', { refreshToken: user.refreshToken });
      expect(reuse.body.type).toMatch(/refresh-token-reuse-detected$/);
      const afterReuse = await t.http.post('/identity/token/refresh', { refreshToken: third.body.refreshToken });
      expect(afterReuse.body.type).toMatch(/refresh-token-revoked$/);
    } finally {
      advanceClock(-65 * day);
    }
  });

  it('forgets the failed sign-ins of an address a day after the last one, never sooner', async () => {
    const email = `typo-${Date.now()}@example.com`;
    for (let attempt = 0; attempt < 2; attempt++)
      expect((await t.http.post('/identity/login', { email, password: 'not the password' })).status).toBe(401);
    const countKeyedBy = async (hash: string) =>
      Number(
        (
          await t.app
            .get(DataSource)
            .query(`SELECT count(*) AS n FROM identity.login_throttles WHERE email_hash = $1`, [hash])
        )[0].n,
      );
    const streaks = () => countKeyedBy(t.app.get(PasswordCheck).emailHash(email));
    // Keyed (HMAC under IDENTITY_HASH_KEY): a list of addresses cannot be checked against the table.
    expect(await countKeyedBy(createHash('sha256').update(email).digest('hex'))).toBe(0);
    const advanceClock = movableClock(t.app);
    try {
      await t.app.get(IdentityHousekeeping).sweep();
      expect(await streaks()).toBe(1);
      advanceClock(25 * 3_600_000);
      await t.app.get(IdentityHousekeeping).sweep();
      expect(await streaks()).toBe(0);
    } finally {
      advanceClock(-25 * 3_600_000);
    }
  });

  it('forgets an ended session SESSION_RETENTION_DAYS (30) after it ended, and keeps the live one', async () => {
    const user = await registerAndLogin(t.http);
    const ended = await t.http.post('/identity/login', { email: user.email, password: user.password });
    await t.http.post('/identity/logout', { refreshToken: ended.body.refreshToken }, { token: ended.body.accessToken });
    const sessionsKept = async () =>
      Number(
        (
          await t.app
            .get(DataSource)
            .query(`SELECT count(*) AS n FROM identity.refresh_tokens WHERE user_id = $1`, [user.id])
        )[0].n,
      );
    const advanceClock = movableClock(t.app);
    const housekeeping = t.app.get(IdentityHousekeeping);
    expect(await sessionsKept()).toBe(2);
    try {
      advanceClock(29 * 86_400_000);
      await housekeeping.sweep();
      expect(await sessionsKept()).toBe(2);

      advanceClock(2 * 86_400_000);
      await housekeeping.sweep();
      expect(await sessionsKept()).toBe(1);
    } finally {
      advanceClock(-31 * 86_400_000);
    }
  });

  it('refuses a second account for the same e-mail, whatever its case', async () => {
    const user = await registerAndLogin(t.http);
    const again = await t.http.post('/identity/register', {
      email: user.email.toUpperCase(),
      password: STRONG_PASSWORD,
      displayName: 'Twin',
    });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(again.body.type).toMatch(/email-taken$/);
  });

  it.each([
    ['too short', 'short1!', /at least 8/],
    ['too long', 'x'.repeat(129), /at most 128/],
    ['common', 'password123', /common/],
    ['the e-mail address itself', 'same-as@example.com', /e-mail address or name/],
  ])('refuses a password that is %s', async (_case, password, reason) => {
    const email = password.includes('@') ? password : `weak-${Date.now()}-${Math.random()}@example.com`;
    const response = await t.http.post('/identity/register', { email, password, displayName: 'Weak' });
    expect(response.status).toBe(400);
    expect(response.body.errors[0]).toMatchObject({ pointer: '#/password' });
    expect(response.body.errors[0].detail).toMatch(reason);
  });

  it('accepts a long passphrase of any characters', async () => {
    const response = await t.http.post('/identity/register', {
      email: `unicode-${Date.now()}@example.com`,
      password: 'ŝtelo 🚲 ĉe la ponto, 128 ĉiam',
      displayName: 'Unicode',
    });
    expect(response.status).toBe(201);
  });

  it('answers a wrong password and an unknown e-mail alike', async () => {
    const user = await registerAndLogin(t.http);
    const wrong = await t.http.post('/identity/login', { email: user.email, password: 'not the password' });
    const unknown = await t.http.post('/identity/login', {
      email: `nobody-${Date.now()}@example.com`,
      password: 'not the password',
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.detail).toBe(unknown.body.detail);
    expect(wrong.body.type).toBe(unknown.body.type);
  });

  it('updates the profile and validates each field', async () => {
    const user = await registerAndLogin(t.http);
    const ok = await t.http.patch(
      '/identity/me',
      { displayName: 'New Name', locale: 'en-GB', avatarUrl: 'https://cdn.example.com/a.png' },
      { token: user.accessToken },
    );
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      displayName: 'New Name',
      locale: 'en-GB',
      avatarUrl: 'https://cdn.example.com/a.png',
    });
    const bad = await t.http.patch(
      '/identity/me',
      { locale: 'not a locale!', avatarUrl: 'http://insecure.example.com/a.png', email: 'x@y.z' },
      { token: user.accessToken },
    );
    expect(bad.status).toBe(400);
    const pointers = bad.body.errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['#/locale', '#/avatarUrl', '#/email']));
    const cleared = await t.http.patch('/identity/me', { locale: null }, { token: user.accessToken });
    expect(cleared.body.locale).toBeNull();
  });

  it.each([
    ['a null display name', { displayName: null }, '#/displayName'],
    ['a display name with a control character', { displayName: 'Ada\u0007' }, '#/displayName'],
    ['a NUL character in any text', { locale: 'en\u0000GB' }, '#/locale'],
  ])('refuses %s in a profile update with 400, leaving the profile as it was', async (_case, body, pointer) => {
    const user = await registerAndLogin(t.http, { displayName: 'Steady' });
    const response = await t.http.patch('/identity/me', body, { token: user.accessToken });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    expect((await t.http.get('/identity/me', { token: user.accessToken })).body).toMatchObject({
      displayName: 'Steady',
      locale: null,
    });
  });

  it('refuses a NUL character in a registration with 400, never a 500', async () => {
    const response = await t.http.post('/identity/register', {
      email: `nul-${Date.now()}@example.com`,
      password: STRONG_PASSWORD,
      displayName: 'A\u0000B',
    });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].pointer).toBe('#/displayName');
  });

  it('treats the composed and decomposed forms of an accented password as the same password', async () => {
    const email = `nfkc-${Date.now()}@example.com`;
    const composed = 'caf\u00e9 au lait chaud';
    const decomposed = 'cafe\u0301 au lait chaud';
    expect((await t.http.post('/identity/register', { email, password: composed, displayName: 'Café' })).status).toBe(
      201,
    );
    expect((await t.http.post('/identity/login', { email, password: decomposed })).status).toBe(200);
  });
});
