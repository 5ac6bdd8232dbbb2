import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from './support/expect-problem';
import { registerAndLogin, type RegisteredUser } from './support/identity-fixtures';
import { userWithRole } from './support/review-fixtures';
import {
  basic,
  launch,
  publishMiniApp,
  type RuntimeWorld,
  startRuntimeWorld,
  verifiedLaunchData,
} from './support/runtime-fixtures';

describe('runtime: login codes and mini-app server credentials', () => {
  let world: RuntimeWorld;
  let user: RegisteredUser;
  beforeAll(async () => {
    world = await startRuntimeWorld({ RUNTIME_SECRET_GRACE_SECONDS: '300' });
    user = await registerAndLogin(world.t.http);
  });
  afterAll(() => world?.t.close());

  const credentialsOf = async (slug: string, owner = world.developer) => {
    const created = await world.t.http.post(`/runtime/mini-apps/${slug}/credentials`, {}, { token: owner.accessToken });
    expect(created.status, created.text).toBe(201);
    return created.body as { clientId: string; clientSecret: string; previousSecretValidUntil: string | null };
  };
  const codeFor = async (slug: string) => {
    const { launchId, launchData } = await launch(world.t.http, user, slug);
    const issued = await world.t.http.post(`/runtime/launches/${launchId}/login-code`, {}, { token: user.accessToken });
    expect(issued.status).toBe(201);
    expect(issued.body.expiresIn).toBe(60);
    return { code: issued.body.code as string, launchData: launchData as string };
  };
  const exchange = (code: string, clientId: string, clientSecret: string) =>
    world.t.http.post('/runtime/sessions/exchange', { code }, { headers: basic(clientId, clientSecret) });

  it("exchanges a code once, with the mini-app's secret, for the user's pairwise id and granted scopes", async () => {
    const slug = await publishMiniApp(world, {
      permissions: [
        { scope: 'location', purpose: 'Show the bike stations near you' },
        { scope: 'user.profile', purpose: 'Greet you by your name' },
      ],
    });
    const { clientId, clientSecret, previousSecretValidUntil } = await credentialsOf(slug);
    expect(clientId).toBe(slug);
    expect(clientSecret).toMatch(/^sk_[\w-]{43}$/);
    expect(previousSecretValidUntil).toBeNull();
    await world.t.http.request(
      'PUT',
      `/runtime/mini-apps/${slug}/grants/location`,
      { decision: 'granted' },
      { token: user.accessToken },
    );
    await world.t.http.request(
      'PUT',
      `/runtime/mini-apps/${slug}/grants/user.profile`,
      { decision: 'denied' },
      { token: user.accessToken },
    );

    const { code, launchData } = await codeFor(slug);
    const session = await exchange(code, clientId, clientSecret);
    expect(session.status, session.text).toBe(200);
    expect(session.body).toEqual({
      openid: (await verifiedLaunchData(world.t.http, launchData, slug)).sub,
      scopes: ['location'],
    });

    const again = await exchange(code, clientId, clientSecret);
    expectProblem(again, 400, 'invalid-code');
    expect(again.text).not.toContain(session.body.openid);
    expect(again.text).not.toContain(user.id);
  });

  it('refuses a code issued to another mini-app, which its own mini-app can still exchange', async () => {
    const [mine, theirs] = [await publishMiniApp(world), await publishMiniApp(world)];
    const [own, other] = [await credentialsOf(mine), await credentialsOf(theirs)];
    const { code } = await codeFor(mine);
    expectProblem(await exchange(code, other.clientId, other.clientSecret), 400, 'invalid-code');
    expect((await exchange(code, own.clientId, own.clientSecret)).status).toBe(200);
  });

  it('refuses a code after its 60 seconds', async () => {
    const slug = await publishMiniApp(world);
    const { clientId, clientSecret } = await credentialsOf(slug);
    const { code } = await codeFor(slug);
    world.advanceClock(60_000);
    expectProblem(await exchange(code, clientId, clientSecret), 400, 'invalid-code');
  });

  it("answers 401 for a wrong secret, an unknown client, a user's bearer token or no credentials at all, the same way", async () => {
    const slug = await publishMiniApp(world);
    const { clientId } = await credentialsOf(slug);
    const { code } = await codeFor(slug);
    const refusals = [
      await exchange(code, clientId, 'sk_wrong'),
      await exchange(code, 'no-such-app', 'sk_wrong'),
      await world.t.http.post('/runtime/sessions/exchange', { code }, { token: user.accessToken }),
      await world.t.http.post('/runtime/sessions/exchange', { code }),
      await world.t.http.post('/runtime/sessions/exchange', { code }, { headers: { authorization: 'Basic !!!' } }),
    ];
    for (const refused of refusals) {
      expectProblem(refused, 401, 'invalid-client');
      expect(refused.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    }
    expect(new Set(refusals.map((r) => r.body.detail)).size).toBe(1);
  });

  it('rotates the secret without downtime: the old one works through the grace period, then stops', async () => {
    const slug = await publishMiniApp(world);
    const first = await credentialsOf(slug);
    const second = await credentialsOf(slug);
    expect(second.clientSecret).not.toBe(first.clientSecret);
    expect(Date.parse(second.previousSecretValidUntil!)).toBeGreaterThan(Date.now() + 290_000);
    expect((await exchange((await codeFor(slug)).code, slug, first.clientSecret)).status).toBe(200);
    expect((await exchange((await codeFor(slug)).code, slug, second.clientSecret)).status).toBe(200);
    world.advanceClock(300_000);
    expectProblem(await exchange((await codeFor(slug)).code, slug, first.clientSecret), 401, 'invalid-client');
    expect((await exchange((await codeFor(slug)).code, slug, second.clientSecret)).status).toBe(200);
  });

  it('ends the grace of a secret at once when it is rotated away twice', async () => {
    const slug = await publishMiniApp(world);
    const first = await credentialsOf(slug);
    await credentialsOf(slug);
    const third = await credentialsOf(slug);
    expectProblem(await exchange((await codeFor(slug)).code, slug, first.clientSecret), 401, 'invalid-client');
    expect((await exchange((await codeFor(slug)).code, slug, third.clientSecret)).status).toBe(200);
  });

  it("lets only the mini-app's owner create its credentials", async () => {
    const slug = await publishMiniApp(world);
    const otherDeveloper = await userWithRole(world.t.http, world.adminToken, 'developer');
    expectProblem(
      await world.t.http.post(`/runtime/mini-apps/${slug}/credentials`, {}, { token: otherDeveloper.accessToken }),
      404,
      'not-found',
    );
    expectProblem(
      await world.t.http.post(`/runtime/mini-apps/${slug}/credentials`, {}, { token: user.accessToken }),
      403,
      'forbidden',
    );
    expectProblem(
      await world.t.http.post('/runtime/mini-apps/no-such-app/credentials', {}, { token: world.developer.accessToken }),
      404,
      'not-found',
    );
  });

  it('keeps only a hash of the secret', async () => {
    const slug = await publishMiniApp(world);
    const { clientSecret } = await credentialsOf(slug);
    const stored = await world.t.app.get(DataSource).query(`SELECT * FROM runtime.server_credentials`);
    expect(stored.length).toBeGreaterThan(0);
    expect(JSON.stringify(stored)).not.toContain(clientSecret);
  });
});
