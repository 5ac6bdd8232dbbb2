import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAndLogin, STRONG_PASSWORD } from './support/identity-fixtures';
import { launch, publishMiniApp, type RuntimeWorld, startRuntimeWorld } from './support/runtime-fixtures';

const STEPS = ['shell_opened', 'registered', 'signed_in', 'first_mini_app_opened'] as const;

describe('the signup funnel', () => {
  let world: RuntimeWorld;
  beforeAll(async () => {
    world = await startRuntimeWorld();
  });
  afterAll(() => world?.t.close());

  const funnel = async (): Promise<Record<string, number>> => {
    const text = (await world.t.http.get('/metrics')).text;
    return Object.fromEntries(STEPS.map((step) => [step, Number(text.match(new RegExp(`^user_signup_funnel_total\\{step="${step}"\\} (\\d+)`, 'm'))?.[1] ?? NaN)]));
  };

  it('counts each step once per person, so step over step is the completion rate', async () => {
    const [first, second] = [await publishMiniApp(world), await publishMiniApp(world)];
    const before = await funnel();

    expect((await world.t.http.post('/funnel/shell-opened', {})).status).toBe(204);
    const person = await registerAndLogin(world.t.http);
    expect((await world.t.http.post('/identity/login', { email: person.email, password: STRONG_PASSWORD })).status).toBe(200);
    await launch(world.t.http, person, first);
    await launch(world.t.http, person, first);
    await launch(world.t.http, person, second);

    const after = await funnel();
    expect(Object.fromEntries(STEPS.map((step) => [step, after[step] - before[step]]))).toEqual({ shell_opened: 1, registered: 1, signed_in: 1, first_mini_app_opened: 1 });
  });

  it('counts a registration that never signs in at the registered step only', async () => {
    const before = await funnel();
    await world.t.http.post('/identity/register', { email: `only-registers-${Date.now()}@example.com`, password: STRONG_PASSWORD, displayName: 'Quiet' });
    const after = await funnel();
    expect([after.registered - before.registered, after.signed_in - before.signed_in]).toEqual([1, 0]);
  });
});
