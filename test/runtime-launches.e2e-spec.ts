import { DataSource } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RuntimeHousekeeping } from '../src/modules/runtime/application/runtime-housekeeping';
import { expectProblem } from './support/expect-problem';
import { registerAndLogin, type RegisteredUser } from './support/identity-fixtures';
import {
  launch,
  publishMiniApp,
  type RuntimeWorld,
  startRuntimeWorld,
  verifiedLaunchData,
} from './support/runtime-fixtures';
import { waitFor } from './support/wait-for';

describe('runtime: launching mini-apps', () => {
  let world: RuntimeWorld;
  let user: RegisteredUser;
  beforeAll(async () => {
    world = await startRuntimeWorld({ RUNTIME_LAUNCH_TTL_SECONDS: '600' });
    user = await registerAndLogin(world.t.http);
  });
  afterAll(() => world?.t.close());

  it("launches a live mini-app: the pinned version and signed bundle, its scopes with the caller's grants, its domains and launchData", async () => {
    const slug = await publishMiniApp(world, {
      permissions: [
        { scope: 'location', purpose: 'Show the bike stations near you' },
        { scope: 'user.profile', purpose: 'Greet you by your name' },
      ],
    });
    const launched = await launch(world.t.http, user, slug);
    expect(launched).toMatchObject({
      launchId: expect.any(String),
      miniApp: { slug, name: `App ${slug}`, category: 'mobility' },
      version: '1.0.0',
      entry: 'index.html',
      bundleUrl: `/mini-apps/${slug}/versions/1.0.0/bundle`,
      bundleDigest: expect.stringMatching(/^[0-9a-f]{64}$/),
      bundleSignature: expect.any(String),
      scopes: [
        { scope: 'location', purpose: 'Show the bike stations near you', state: 'not-asked' },
        { scope: 'user.profile', purpose: 'Greet you by your name', state: 'not-asked' },
      ],
      domains: ['https://api.citybikes.example'],
    });
    expect(Date.parse(launched.expiresAt) - Date.parse(launched.launchedAt)).toBe(600_000);
    const claims = await verifiedLaunchData(world.t.http, launched.launchData, slug);
    expect(claims).toMatchObject({
      aud: slug,
      iat: Math.floor(Date.parse(launched.launchedAt) / 1000),
      exp: Math.floor(Date.parse(launched.expiresAt) / 1000),
    });
    expect(claims.sub).not.toContain(user.id);
    const bundle = await fetch(`${world.t.baseUrl}${launched.bundleUrl}`, {
      headers: { authorization: `Bearer ${user.accessToken}` },
    });
    expect(bundle.headers.get('etag')).toBe(`"${launched.bundleDigest}"`);
  });

  it('gives the same person a different id in each mini-app, and the same id on every launch of one', async () => {
    const [bikes, maps] = [await publishMiniApp(world), await publishMiniApp(world)];
    const idIn = async (slug: string) =>
      (await verifiedLaunchData(world.t.http, (await launch(world.t.http, user, slug)).launchData, slug)).sub;
    const first = await idIn(bikes);
    expect(await idIn(bikes)).toBe(first);
    expect(await idIn(maps)).not.toBe(first);
    const someoneElse = await registerAndLogin(world.t.http);
    expect(
      (await verifiedLaunchData(world.t.http, (await launch(world.t.http, someoneElse, bikes)).launchData, bikes)).sub,
    ).not.toBe(first);
  });

  it('launches six times at once for a person who never opened the mini-app, each with the same id', async () => {
    const slug = await publishMiniApp(world);
    const newcomer = await registerAndLogin(world.t.http);
    const launches = await Promise.all(
      Array.from({ length: 6 }, () =>
        world.t.http.post('/runtime/launches', { slug }, { token: newcomer.accessToken }),
      ),
    );
    for (const launched of launches) expect(launched.status, launched.text).toBe(201);
    const ids = await Promise.all(
      launches.map(async (launched) => (await verifiedLaunchData(world.t.http, launched.body.launchData, slug)).sub),
    );
    expect(new Set(ids).size).toBe(1);
  });

  it('refuses a launchData that another mini-app presents as its own', async () => {
    const [mine, theirs] = [await publishMiniApp(world), await publishMiniApp(world)];
    const { launchData } = await launch(world.t.http, user, mine);
    await expect(verifiedLaunchData(world.t.http, launchData, theirs)).rejects.toThrow(/aud/);
  });

  it('refuses to launch a mini-app that was taken down, and its open launches stop answering', async () => {
    const slug = await publishMiniApp(world);
    const open = await launch(world.t.http, user, slug);
    expect(
      (await world.t.http.post(`/review/mini-apps/${slug}/unpublish`, {}, { token: world.reviewer.accessToken }))
        .status,
    ).toBe(200);
    await waitFor(
      async () => (await world.t.http.post('/runtime/launches', { slug }, { token: user.accessToken })).status === 404,
      5_000,
    );
    expectProblem(
      await world.t.http.post('/runtime/launches', { slug }, { token: user.accessToken }),
      404,
      'not-found',
    );
    expectProblem(
      await world.t.http.post(`/runtime/launches/${open.launchId}/login-code`, {}, { token: user.accessToken }),
      404,
      'not-found',
    );
    expectProblem(
      await world.t.http.get(`/runtime/launches/${open.launchId}/storage/anything`, { token: user.accessToken }),
      404,
      'not-found',
    );
  });

  it('refuses a mini-app that was never published', async () => {
    const slug = `app-never-${Date.now().toString(36)}`;
    await world.t.http.post(
      '/review/mini-apps',
      { slug, name: 'Never', category: 'games', description: 'Not yet published.' },
      { token: world.developer.accessToken },
    );
    expectProblem(
      await world.t.http.post('/runtime/launches', { slug }, { token: user.accessToken }),
      404,
      'not-found',
    );
    expectProblem(
      await world.t.http.post('/runtime/launches', { slug: 42 }, { token: user.accessToken }),
      400,
      'validation',
    );
  });

  it('ends a launch when it expires', async () => {
    const slug = await publishMiniApp(world);
    const open = await launch(world.t.http, user, slug);
    expect(
      (await world.t.http.post(`/runtime/launches/${open.launchId}/login-code`, {}, { token: user.accessToken }))
        .status,
    ).toBe(201);
    world.advanceClock(600_000);
    expectProblem(
      await world.t.http.post(`/runtime/launches/${open.launchId}/login-code`, {}, { token: user.accessToken }),
      404,
      'not-found',
    );
    expect((await launch(world.t.http, user, slug)).launchId).not.toBe(open.launchId);
  });

  it("answers 404 on every launch route for another user's launch, and for a launch id that is not one", async () => {
    const slug = await publishMiniApp(world, {
      permissions: [
        { scope: 'location', purpose: 'Show the bike stations near you' },
        { scope: 'user.profile', purpose: 'Greet you by your name' },
      ],
    });
    const { launchId } = await launch(world.t.http, user, slug);
    await world.t.http.request(
      'PUT',
      `/runtime/launches/${launchId}/storage/theirs`,
      { value: 1 },
      { token: user.accessToken },
    );
    const intruder = await registerAndLogin(world.t.http);
    for (const id of [launchId, 'not-a-launch', '00000000-0000-7000-8000-000000000000']) {
      const as = { token: intruder.accessToken };
      const routes = [
        world.t.http.post(`/runtime/launches/${id}/login-code`, {}, as),
        world.t.http.post(`/runtime/launches/${id}/access`, { scope: 'location' }, as),
        world.t.http.get(`/runtime/launches/${id}/profile`, as),
        world.t.http.post(`/runtime/launches/${id}/load-time`, { ms: 800 }, as),
        world.t.http.post(
          `/runtime/launches/${id}/requests`,
          { url: 'https://api.citybikes.example/x', method: 'GET' },
          as,
        ),
        world.t.http.get(`/runtime/launches/${id}/storage/theirs`, as),
        world.t.http.request('PUT', `/runtime/launches/${id}/storage/theirs`, { value: 2 }, as),
        world.t.http.delete(`/runtime/launches/${id}/storage/theirs`, as),
      ];
      for (const response of await Promise.all(routes)) expectProblem(response, 404, 'not-found');
    }
    expect(
      (await world.t.http.get(`/runtime/launches/${launchId}/storage/theirs`, { token: user.accessToken })).body.value,
    ).toBe(1);
  });

  it("records a launch's load time once, in mini_app_load_time_seconds, and counts launches per mini-app", async () => {
    const slug = await publishMiniApp(world);
    const { launchId } = await launch(world.t.http, user, slug);
    expect(
      (await world.t.http.post(`/runtime/launches/${launchId}/load-time`, { ms: 1_250 }, { token: user.accessToken }))
        .status,
    ).toBe(204);
    expectProblem(
      await world.t.http.post(`/runtime/launches/${launchId}/load-time`, { ms: 10 }, { token: user.accessToken }),
      409,
      'load-time-reported',
    );
    expectProblem(
      await world.t.http.post(`/runtime/launches/${launchId}/load-time`, { ms: -1 }, { token: user.accessToken }),
      400,
      'validation',
    );
    const metrics = (await world.t.http.get('/metrics')).text;
    expect(metrics).toContain(`mini_app_load_time_seconds_count{mini_app="${slug}"} 1`);
    expect(metrics).toContain(`mini_app_load_time_seconds_sum{mini_app="${slug}"} 1.25`);
    expect(metrics).toContain(`mini_app_launches_total{mini_app="${slug}"} 1`);
  });

  it('publishes runtime.mini-app-launched with ids only', async () => {
    const slug = await publishMiniApp(world);
    const { launchId } = await launch(world.t.http, user, slug);
    const event = await waitFor(async () => {
      const events = await world.t.http.get('/bus/events?limit=200', { token: world.adminToken });
      return events.body.items.find(
        (e: { type: string; payload: { launchId?: string } }) =>
          e.type === 'runtime.mini-app-launched' && e.payload.launchId === launchId,
      );
    }, 5_000);
    expect(Object.keys(event.payload).sort()).toEqual(['launchId', 'launchedAt', 'miniAppId', 'userId', 'version']);
  });

  it('forgets launches and their access records once ACCESS_LOG_RETENTION_DAYS have passed', async () => {
    const slug = await publishMiniApp(world);
    const { launchId } = await launch(world.t.http, user, slug);
    await world.t.http.post(`/runtime/launches/${launchId}/access`, { scope: 'location' }, { token: user.accessToken });
    const db = world.t.app.get(DataSource);
    const kept = async () =>
      Number(
        (
          await db.query(
            `SELECT (SELECT count(*) FROM runtime.launches WHERE id = $1) + (SELECT count(*) FROM runtime.access_log WHERE launch_id = $1) AS n`,
            [launchId],
          )
        )[0].n,
      );
    const housekeeping = world.t.app.get(RuntimeHousekeeping);
    world.advanceClock(29 * 86_400_000);
    await housekeeping.sweep();
    expect(await kept()).toBe(2);
    world.advanceClock(2 * 86_400_000);
    await housekeeping.sweep();
    expect(await kept()).toBe(0);
  });

  it('sweeps old launches through an index, not a scan of every launch', async () => {
    const query = vi.spyOn(PostgresQueryRunner.prototype, 'query');
    try {
      await world.t.app.get(RuntimeHousekeeping).sweep();
      const [sql, parameters] = query.mock.calls.find(([text]) => /DELETE FROM runtime\.launches/.test(text))!;
      const db = world.t.app.get(DataSource).createQueryRunner();
      try {
        await db.startTransaction();
        await db.query('SET LOCAL enable_seqscan = off');
        const plan = (await db.query(`EXPLAIN ${sql}`, parameters))
          .map((row: { 'QUERY PLAN': string }) => row['QUERY PLAN'])
          .join('\n');
        expect(plan).not.toContain('Seq Scan');
      } finally {
        await db.rollbackTransaction();
        await db.release();
      }
    } finally {
      query.mockRestore();
    }
  });
});
