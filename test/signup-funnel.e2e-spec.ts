import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAndLogin, STRONG_PASSWORD } from './support/identity-fixtures';
import { funnelCounts, funnelMoves } from './support/metrics';
import { launch, publishMiniApp, type RuntimeWorld, startRuntimeWorld } from './support/runtime-fixtures';

describe('the signup funnel', () => {
  let world: RuntimeWorld;
  beforeAll(async () => {
    world = await startRuntimeWorld();
  });
  afterAll(() => world?.t.close());

  const funnel = () => funnelCounts(world.t);

  it('counts each step once per person, so step over step is the completion rate', async () => {
    const [first, second] = [await publishMiniApp(world), await publishMiniApp(world)];
    const before = await funnel();

    expect((await world.t.http.post('/funnel/shell-opened', {})).status).toBe(204);
    const person = await registerAndLogin(world.t.http);
    expect(
      (await world.t.http.post('/identity/login', { email: person.email, password: STRONG_PASSWORD })).status,
    ).toBe(200);
    await launch(world.t.http, person, first);
    await launch(world.t.http, person, first);
    await launch(world.t.http, person, second);

    const after = await funnel();
    expect(funnelMoves(before, after)).toEqual({
      shell_opened: 1,
      registered: 1,
      signed_in: 1,
      first_mini_app_opened: 1,
    });
  });

  it('counts a registration that never signs in at the registered step only', async () => {
    const before = await funnel();
    await world.t.http.post('/identity/register', {
      email: `only-registers-${Date.now()}@example.com`,
      password: STRONG_PASSWORD,
      displayName: 'Quiet',
    });
    const after = await funnel();
    expect([after.registered - before.registered, after.signed_in - before.signed_in]).toEqual([1, 0]);
  });

  it('counts a few anonymous shell openings per address an hour, and refuses the rest', async () => {
    const before = await funnel();
    const answers = [];
    for (let i = 0; i < 12; i++) answers.push((await world.t.http.post('/funnel/shell-opened', {})).status);
    expect(answers.filter((status) => status === 429).length).toBeGreaterThanOrEqual(2);
    expect((await funnel()).shell_opened - before.shell_opened).toBe(answers.filter((status) => status === 204).length);
  });
});
