import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from './support/expect-problem';
import { registerAndLogin, type RegisteredUser } from './support/identity-fixtures';
import { launch, publishMiniApp, type RuntimeWorld, startRuntimeWorld } from './support/runtime-fixtures';
import { waitFor } from './support/wait-for';

const LOCATION = { scope: 'location', purpose: 'Show the bike stations near you' };
const PROFILE = { scope: 'user.profile', purpose: 'Greet you by your name' };

describe('runtime: consent', () => {
  let world: RuntimeWorld;
  let user: RegisteredUser;
  beforeAll(async () => {
    world = await startRuntimeWorld();
    user = await registerAndLogin(world.t.http, { displayName: 'Ada' });
  });
  afterAll(() => world?.t.close());

  const decide = (slug: string, scope: string, decision: string, who = user) =>
    world.t.http.request('PUT', `/runtime/mini-apps/${slug}/grants/${scope}`, { decision }, { token: who.accessToken });
  const stateIn = async (slug: string, scope: string) =>
    (await launch(world.t.http, user, slug)).scopes.find((s: { scope: string }) => s.scope === scope)?.state;
  const access = async (launchId: string, scope: string) =>
    (await world.t.http.post(`/runtime/launches/${launchId}/access`, { scope }, { token: user.accessToken })).body;

  it('keeps a denial until the user changes it, on every launch', async () => {
    const slug = await publishMiniApp(world, { permissions: [LOCATION] });
    expect((await decide(slug, 'location', 'denied')).body).toEqual({ ...LOCATION, state: 'denied' });
    const { launchId } = await launch(world.t.http, user, slug);
    expect(await access(launchId, 'location')).toEqual({ scope: 'location', allowed: false, state: 'denied' });
    expect(await stateIn(slug, 'location')).toBe('denied');
    expect(await stateIn(slug, 'location')).toBe('denied');
    expect((await decide(slug, 'location', 'granted')).body.state).toBe('granted');
    expect(await access(launchId, 'location')).toEqual({ scope: 'location', allowed: true, state: 'granted' });
  });

  it('never grants a scope the live manifest does not declare', async () => {
    const slug = await publishMiniApp(world, { permissions: [LOCATION] });
    expectProblem(await decide(slug, 'user.profile', 'granted'), 422, 'scope-not-declared');
    expectProblem(await decide(slug, 'microphone', 'granted'), 422, 'scope-not-declared');
    expectProblem(await decide(slug, 'location', 'maybe'), 400, 'validation');
    expectProblem(await decide('no-such-app', 'location', 'granted'), 404, 'not-found');
    const { launchId } = await launch(world.t.http, user, slug);
    expect(await access(launchId, 'camera')).toEqual({ scope: 'camera', allowed: false, state: 'not-declared' });
  });

  it('asks again when a new version changes the purpose, and keeps the history', async () => {
    const slug = await publishMiniApp(world, { permissions: [LOCATION, PROFILE] });
    await decide(slug, 'location', 'granted');
    await decide(slug, 'user.profile', 'granted');
    const newPurpose = 'Find bikes near you and plan your ride';
    await publishMiniApp(world, {
      slug,
      version: '1.1.0',
      permissions: [{ scope: 'location', purpose: newPurpose }, PROFILE],
    });

    expect((await launch(world.t.http, user, slug)).scopes).toEqual([
      { scope: 'location', purpose: newPurpose, state: 'not-asked' },
      { ...PROFILE, state: 'granted' },
    ]);
    const settings = (await world.t.http.get(`/runtime/mini-apps/${slug}/grants`, { token: user.accessToken })).body;
    expect(settings.history.filter((r: { scope: string }) => r.scope === 'location')).toEqual([
      {
        scope: 'location',
        action: 'granted',
        purpose: LOCATION.purpose,
        manifestVersion: '1.0.0',
        at: expect.any(String),
      },
      {
        scope: 'location',
        action: 'expired',
        purpose: LOCATION.purpose,
        manifestVersion: '1.1.0',
        at: expect.any(String),
      },
    ]);
    const grants = (await world.t.http.get('/runtime/grants', { token: user.accessToken })).body.items.filter(
      (g: { miniApp: string }) => g.miniApp === slug,
    );
    expect(grants).toEqual([
      {
        miniApp: slug,
        scope: 'user.profile',
        state: 'granted',
        purpose: PROFILE.purpose,
        manifestVersion: '1.0.0',
        decidedAt: expect.any(String),
      },
    ]);
    expect((await decide(slug, 'location', 'granted')).body).toEqual({
      scope: 'location',
      purpose: newPurpose,
      state: 'granted',
    });
  });

  it('withdraws a grant: the scope is not asked again, and withdrawing nothing changes nothing', async () => {
    const slug = await publishMiniApp(world, { permissions: [LOCATION] });
    await decide(slug, 'location', 'granted');
    expect(
      (await world.t.http.delete(`/runtime/mini-apps/${slug}/grants/location`, { token: user.accessToken })).status,
    ).toBe(204);
    expect(await stateIn(slug, 'location')).toBe('not-asked');
    expect(
      (await world.t.http.delete(`/runtime/mini-apps/${slug}/grants/location`, { token: user.accessToken })).status,
    ).toBe(204);
    const history = (await world.t.http.get(`/runtime/mini-apps/${slug}/grants`, { token: user.accessToken })).body
      .history;
    expect(history.map((r: { action: string }) => r.action)).toEqual(['granted', 'withdrawn']);
  });

  it("keeps one user's decisions from another's", async () => {
    const slug = await publishMiniApp(world, { permissions: [LOCATION] });
    const other = await registerAndLogin(world.t.http);
    await decide(slug, 'location', 'granted', other);
    expect(await stateIn(slug, 'location')).toBe('not-asked');
    expect(
      (await world.t.http.get(`/runtime/mini-apps/${slug}/grants`, { token: user.accessToken })).body.history,
    ).toEqual([]);
  });

  it('puts each change on the bus, with ids and the purpose only', async () => {
    const slug = await publishMiniApp(world, { permissions: [LOCATION] });
    await decide(slug, 'location', 'granted');
    await decide(slug, 'location', 'denied');
    await world.t.http.delete(`/runtime/mini-apps/${slug}/grants/location`, { token: user.accessToken });
    await decide(slug, 'location', 'granted');
    await publishMiniApp(world, {
      slug,
      version: '1.1.0',
      permissions: [{ scope: 'location', purpose: 'Another purpose than before' }],
    });
    const events = (await world.t.http.get('/bus/events?limit=200', { token: world.adminToken })).body.items as Array<{
      type: string;
      occurredAt: string;
      payload: Record<string, unknown>;
    }>;
    const miniAppId = events.find((e) => e.type === 'review.mini-app-registered' && e.payload.slug === slug)!.payload
      .miniAppId;
    const consentEvents = events
      .filter((e) => e.type.startsWith('runtime.consent') && e.payload.miniAppId === miniAppId)
      .reverse();
    expect(consentEvents.map((e) => e.type)).toEqual([
      'runtime.consent-granted',
      'runtime.consent-denied',
      'runtime.consent-withdrawn',
      'runtime.consent-granted',
      'runtime.consents-expired',
    ]);
    expect(consentEvents[0].payload).toEqual({
      userId: user.id,
      miniAppId,
      scope: 'location',
      purpose: LOCATION.purpose,
      manifestVersion: '1.0.0',
      at: expect.any(String),
    });
    expect(consentEvents[4].payload).toEqual({
      miniAppId,
      scopes: ['location'],
      manifestVersion: '1.1.0',
      at: expect.any(String),
    });
  });

  it('records the same grant made five times at once as one decision, with one event', async () => {
    const slug = await publishMiniApp(world, { permissions: [LOCATION] });
    const answers = await Promise.all(Array.from({ length: 5 }, () => decide(slug, 'location', 'granted')));
    for (const answer of answers) expect(answer.body).toEqual({ ...LOCATION, state: 'granted' });
    const history = (await world.t.http.get(`/runtime/mini-apps/${slug}/grants`, { token: user.accessToken })).body
      .history;
    expect(history.map((r: { action: string }) => r.action)).toEqual(['granted']);
    const miniAppId = (
      await world.t.app.get(DataSource).query(`SELECT mini_app_id FROM runtime.mini_apps WHERE slug = $1`, [slug])
    )[0].mini_app_id;
    const grantedEvents = async () =>
      (
        (await world.t.http.get('/bus/events?limit=200', { token: world.adminToken })).body.items as Array<{
          type: string;
          payload: Record<string, unknown>;
        }>
      ).filter(
        (e) =>
          e.type === 'runtime.consent-granted' && e.payload.miniAppId === miniAppId && e.payload.userId === user.id,
      );
    await waitFor(async () => (await grantedEvents()).length > 0, 5_000);
    expect(await grantedEvents()).toHaveLength(1);
  });

  it('leaves in force the decision the history records last, when grants and denials arrive at once', async () => {
    const slug = await publishMiniApp(world, { permissions: [LOCATION] });
    await Promise.all(Array.from({ length: 12 }, (_, i) => decide(slug, 'location', i % 2 ? 'denied' : 'granted')));
    const history = (await world.t.http.get(`/runtime/mini-apps/${slug}/grants`, { token: user.accessToken })).body
      .history as Array<{ action: string }>;
    expect(history.length).toBeGreaterThan(0);
    expect(await stateIn(slug, 'location')).toBe(history.at(-1)!.action);
    history
      .slice(1)
      .forEach((r, i) =>
        expect(r.action, 'a decision the same as the one before it is not recorded again').not.toBe(history[i].action),
      );
  });

  it('hands the profile only under a user.profile grant, follows changes of it, and logs each use', async () => {
    const slug = await publishMiniApp(world, { permissions: [PROFILE] });
    const { launchId } = await launch(world.t.http, user, slug);
    expectProblem(
      await world.t.http.get(`/runtime/launches/${launchId}/profile`, { token: user.accessToken }),
      403,
      'permission-denied',
    );
    await decide(slug, 'user.profile', 'granted');
    expect((await world.t.http.get(`/runtime/launches/${launchId}/profile`, { token: user.accessToken })).body).toEqual(
      { displayName: 'Ada' },
    );
    await world.t.http.patch(
      '/identity/me',
      { displayName: 'Ada Lovelace', avatarUrl: 'https://cdn.example.com/ada.png' },
      { token: user.accessToken },
    );
    await waitFor(
      async () =>
        (await world.t.http.get(`/runtime/launches/${launchId}/profile`, { token: user.accessToken })).body
          .displayName === 'Ada Lovelace',
      5_000,
    );
    expect((await world.t.http.get(`/runtime/launches/${launchId}/profile`, { token: user.accessToken })).body).toEqual(
      { displayName: 'Ada Lovelace', avatarUrl: 'https://cdn.example.com/ada.png' },
    );
    await access(launchId, 'location');
    const log = await world.t.app
      .get(DataSource)
      .query(`SELECT scope, outcome, domain, status FROM runtime.access_log WHERE launch_id = $1 ORDER BY at, id`, [
        launchId,
      ]);
    expect(log[0]).toEqual({ scope: 'user.profile', outcome: 'not-asked', domain: null, status: null });
    expect(log.slice(1, 3)).toEqual([
      { scope: 'user.profile', outcome: 'allowed', domain: null, status: null },
      { scope: 'user.profile', outcome: 'allowed', domain: null, status: null },
    ]);
    expect(log.at(-1)).toEqual({ scope: 'location', outcome: 'not-declared', domain: null, status: null });
  });
});
