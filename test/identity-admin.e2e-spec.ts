import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAndLogin, STRONG_PASSWORD } from './support/identity-fixtures';
import { startTestApp, type TestApp } from './support/test-app';

const ADMIN_EMAIL = `root-${randomUUID()}@example.com`;

describe('roles and the first admin', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ ADMIN_EMAIL: ADMIN_EMAIL.toUpperCase() });
  });
  afterAll(() => t?.close());

  it('makes the ADMIN_EMAIL account an admin when it registers, whatever the case, and nobody else', async () => {
    const admin = await registerAndLogin(t.http, { email: ADMIN_EMAIL });
    const me = await t.http.get('/identity/me', { token: admin.accessToken });
    expect(me.body.roles).toEqual(['user', 'admin']);
    const other = await registerAndLogin(t.http);
    expect((await t.http.get('/identity/me', { token: other.accessToken })).body.roles).toEqual(['user']);
  });

  it('lets an admin grant and revoke roles, effective from the next token', async () => {
    const admin = await t.http.post('/identity/login', { email: ADMIN_EMAIL, password: STRONG_PASSWORD });
    const dev = await registerAndLogin(t.http);
    const granted = await t.http.post(
      `/identity/users/${dev.id}/roles`,
      { role: 'developer' },
      { token: admin.body.accessToken },
    );
    expect(granted.status).toBe(200);
    expect(granted.body.roles).toEqual(['user', 'developer']);

    const refreshed = await t.http.post('/identity/token/refresh', { refreshToken: dev.refreshToken });
    const claims = JSON.parse(Buffer.from(refreshed.body.accessToken.split('.')[1], 'base64url').toString());
    expect(claims.roles).toEqual(['user', 'developer']);

    const revoked = await t.http.delete(`/identity/users/${dev.id}/roles/developer`, { token: admin.body.accessToken });
    expect(revoked.status).toBe(200);
    expect(revoked.body.roles).toEqual(['user']);
  });

  it('refuses role changes from a non-admin, for a missing user, and of the base role or the last admin', async () => {
    const admin = await t.http.post('/identity/login', { email: ADMIN_EMAIL, password: STRONG_PASSWORD });
    const token = admin.body.accessToken;
    const user = await registerAndLogin(t.http);
    expect(
      (await t.http.post(`/identity/users/${user.id}/roles`, { role: 'admin' }, { token: user.accessToken })).status,
    ).toBe(403);
    expect((await t.http.post(`/identity/users/${randomUUID()}/roles`, { role: 'reviewer' }, { token })).status).toBe(
      404,
    );
    expect((await t.http.post(`/identity/users/not-a-uuid/roles`, { role: 'reviewer' }, { token })).status).toBe(400);
    const unknownRole = await t.http.post(`/identity/users/${user.id}/roles`, { role: 'superuser' }, { token });
    expect(unknownRole.status).toBe(400);
    expect(unknownRole.body.errors[0].pointer).toBe('#/role');
    expect((await t.http.delete(`/identity/users/${user.id}/roles/user`, { token })).body.type).toMatch(/base-role$/);
    const adminId = (await t.http.get('/identity/me', { token })).body.id;
    const last = await t.http.delete(`/identity/users/${adminId}/roles/admin`, { token });
    expect(last.status).toBe(409);
    expect(last.body.type).toMatch(/last-admin$/);
  });
});

describe('brute-force protection', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_FAILURES_BEFORE_LOCK: '3', LOGIN_LOCK_BASE_SECONDS: '30' });
  });
  afterAll(() => t?.close());

  it('locks an account after repeated failures, even for the right password, and says when to retry', async () => {
    const user = await registerAndLogin(t.http);
    for (let i = 0; i < 3; i++) {
      expect((await t.http.post('/identity/login', { email: user.email, password: 'wrong password' })).status).toBe(
        401,
      );
    }
    const locked = await t.http.post('/identity/login', { email: user.email, password: STRONG_PASSWORD });
    expect(locked.status).toBe(429);
    expect(locked.body.type).toMatch(/login-locked$/);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThanOrEqual(25);
  });

  it('locks an unknown e-mail address the same way, so a lock reveals no account', async () => {
    const email = `ghost-${randomUUID()}@example.com`;
    for (let i = 0; i < 3; i++) await t.http.post('/identity/login', { email, password: 'wrong password' });
    const locked = await t.http.post('/identity/login', { email, password: 'wrong password' });
    expect(locked.status).toBe(429);
    expect(locked.body.type).toMatch(/login-locked$/);
  });

  it('judges parallel guesses one at a time, so a burst cannot slip past the lock', async () => {
    const user = await registerAndLogin(t.http);
    const burst = await Promise.all(
      Array.from({ length: 10 }, () =>
        t.http.post('/identity/login', { email: user.email, password: 'wrong password' }),
      ),
    );
    const statuses = burst.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
    expect((await t.http.post('/identity/login', { email: user.email, password: STRONG_PASSWORD })).status).toBe(429);
  });

  it('forgets earlier failures after a successful login', async () => {
    const user = await registerAndLogin(t.http);
    for (let i = 0; i < 2; i++) await t.http.post('/identity/login', { email: user.email, password: 'wrong password' });
    expect((await t.http.post('/identity/login', { email: user.email, password: STRONG_PASSWORD })).status).toBe(200);
    for (let i = 0; i < 2; i++) await t.http.post('/identity/login', { email: user.email, password: 'wrong password' });
    expect((await t.http.post('/identity/login', { email: user.email, password: STRONG_PASSWORD })).status).toBe(200);
  });
});
