import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from './support/expect-problem';
import { registerAndLogin, type RegisteredUser } from './support/identity-fixtures';
import { launch, publishMiniApp, type RuntimeWorld, startRuntimeWorld } from './support/runtime-fixtures';

const KIB = 1024;

describe('runtime: storage per user and mini-app', () => {
  let world: RuntimeWorld;
  let user: RegisteredUser;
  let slug: string;
  beforeAll(async () => {
    world = await startRuntimeWorld();
    user = await registerAndLogin(world.t.http);
    slug = await publishMiniApp(world);
  });
  afterAll(() => world?.t.close());

  const at = (launchId: string, key: string) => `/runtime/launches/${launchId}/storage/${key}`;
  const put = (launchId: string, key: string, value: unknown, who = user) =>
    world.t.http.request('PUT', at(launchId, key), { value }, { token: who.accessToken });
  const get = (launchId: string, key: string, who = user) =>
    world.t.http.get(at(launchId, key), { token: who.accessToken });
  /** A JSON string value whose JSON text is exactly `bytes` long. */
  const valueOf = (bytes: number) => 'x'.repeat(bytes - 2);

  it('keeps any JSON value under a key until it is removed, across launches', async () => {
    const first = await launch(world.t.http, user, slug);
    const value = { favourites: ['station-12', 'station-40'], zoom: 14.5, dark: true, note: 'ünïcödé', nothing: null };
    expect((await put(first.launchId, 'prefs.v1', value)).status).toBe(204);
    const next = await launch(world.t.http, user, slug);
    expect((await get(next.launchId, 'prefs.v1')).body).toEqual({ key: 'prefs.v1', value });
    expect((await put(next.launchId, 'prefs.v1', 7)).status).toBe(204);
    expect((await get(first.launchId, 'prefs.v1')).body.value).toBe(7);
    expect((await world.t.http.delete(at(next.launchId, 'prefs.v1'), { token: user.accessToken })).status).toBe(204);
    expectProblem(await get(next.launchId, 'prefs.v1'), 404, 'storage-key-not-found');
    expectProblem(
      await world.t.http.delete(at(next.launchId, 'prefs.v1'), { token: user.accessToken }),
      404,
      'storage-key-not-found',
    );
  });

  it("keeps each user's and each mini-app's storage apart", async () => {
    const mine = await launch(world.t.http, user, slug);
    await put(mine.launchId, 'secret', 'mine');
    const other = await registerAndLogin(world.t.http);
    expectProblem(
      await get((await launch(world.t.http, other, slug)).launchId, 'secret', other),
      404,
      'storage-key-not-found',
    );
    const elsewhere = await publishMiniApp(world);
    expectProblem(
      await get((await launch(world.t.http, user, elsewhere)).launchId, 'secret'),
      404,
      'storage-key-not-found',
    );
  });

  it('refuses a key outside the safe characters and a body without a value', async () => {
    const { launchId } = await launch(world.t.http, user, slug);
    expectProblem(await put(launchId, 'has%20space', 1), 400, 'validation');
    expectProblem(await put(launchId, 'k'.repeat(129), 1), 400, 'validation');
    expectProblem(
      await world.t.http.request('PUT', at(launchId, 'ok'), {}, { token: user.accessToken }),
      400,
      'validation',
    );
    expect((await put(launchId, 'k'.repeat(128), 1)).status).toBe(204);
  });

  it('refuses a value over 16 KiB with 413', async () => {
    const { launchId } = await launch(world.t.http, user, slug);
    expect((await put(launchId, 'just-fits', valueOf(16 * KIB))).status).toBe(204);
    expectProblem(await put(launchId, 'too-big', valueOf(16 * KIB + 1)), 413, 'storage-value-too-large');
  });

  it('refuses a 101st key with 422, but lets the 100 keys change', async () => {
    const someone = await registerAndLogin(world.t.http);
    const { launchId } = await launch(world.t.http, someone, slug);
    for (let i = 0; i < 100; i++) expect((await put(launchId, `key-${i}`, i, someone)).status).toBe(204);
    expectProblem(await put(launchId, 'key-100', 100, someone), 422, 'storage-too-many-keys');
    expect((await put(launchId, 'key-99', 'changed', someone)).status).toBe(204);
  });

  it('refuses to store more than 1 MiB in all with 422, and takes a value again once room is made', async () => {
    const someone = await registerAndLogin(world.t.http);
    const { launchId } = await launch(world.t.http, someone, slug);
    for (let i = 0; i < 64; i++)
      expect((await put(launchId, `chunk-${i}`, valueOf(16 * KIB), someone)).status).toBe(204);
    expectProblem(await put(launchId, 'one-more', 'x', someone), 422, 'storage-full');
    expect((await world.t.http.delete(at(launchId, 'chunk-0'), { token: someone.accessToken })).status).toBe(204);
    expect((await put(launchId, 'one-more', 'x', someone)).status).toBe(204);
  });
});
