import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Clock } from '../src/platform/time/clock';
import { expectProblem, fieldErrors } from './support/expect-problem';
import { registerAndLogin, type RegisteredUser } from './support/identity-fixtures';
import { userWithRole } from './support/review-fixtures';
import { launch, publishMiniApp, type RuntimeWorld, startRuntimeWorld } from './support/runtime-fixtures';

const DAY_MS = 86_400_000;

/** Noon (UTC) on the last day of the month, at least an hour ahead of `nowMs`. */
function noonOnTheLastDayOfAMonth(nowMs: number): number {
  const now = new Date(nowMs);
  const thisMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 0, 12);
  return thisMonth > nowMs + 3_600_000 ? thisMonth : Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 2, 0, 12);
}

describe('privacy: safe aggregates', () => {
  let world: RuntimeWorld;
  let slug: string;
  /** The day everything happened (the last of its month), and its month: both over when the tests read them. */
  let day: string;
  let month: string;
  const analytics = (query: string, token = world.developer.accessToken) =>
    world.t.http.get(`/runtime/mini-apps/${slug}/analytics?${query}`, { token });
  const valueOf = (body: any, key: string) => body.values.find((v: any) => v.key === key);

  beforeAll(async () => {
    world = await startRuntimeWorld({ PRIVACY_RELEASE_EPSILON: '1', PRIVACY_EPSILON_BUDGET: '4' });
    world.advanceClock(noonOnTheLastDayOfAMonth(Date.now()) - Date.now());
    const clock = world.t.app.get(Clock);
    day = clock.now().toISOString().slice(0, 10);
    month = day.slice(0, 7);
    slug = await publishMiniApp(world, {
      permissions: [
        { scope: 'location', purpose: 'Show the bike stations near you' },
        { scope: 'user.profile', purpose: 'Greet you by your name' },
      ],
    });
    const people: RegisteredUser[] = await Promise.all(
      Array.from({ length: 12 }, () => registerAndLogin(world.t.http)),
    );
    for (const [i, person] of people.entries()) {
      await launch(world.t.http, person, slug);
      const decide = (scope: string, decision: string) =>
        world.t.http.request(
          'PUT',
          `/runtime/mini-apps/${slug}/grants/${scope}`,
          { decision },
          { token: person.accessToken },
        );
      // 11 people share their profile, 3 their location, 2 refuse it.
      if (i < 11) expect((await decide('user.profile', 'granted')).status).toBe(200);
      if (i < 3) expect((await decide('location', 'granted')).status).toBe(200);
      else if (i < 5) expect((await decide('location', 'denied')).status).toBe(200);
    }
    world.advanceClock(DAY_MS);
  }, 120_000);
  afterAll(() => world?.t.close());

  it('shows the owner counts of at least 10 with noise, and withholds smaller ones', async () => {
    const users = await analytics(`metric=daily-users&from=${day}&to=${day}`);
    expect(users.status, users.text).toBe(200);
    expect(users.body).toMatchObject({ miniApp: slug, metric: 'daily-users', k: 10, epsilon: '1', scale: '1' });
    // 12 people, noise of scale 1: 40 away would take odds of e^-40.
    expect(Number.isInteger(valueOf(users.body, day).value)).toBe(true);
    expect(Math.abs(valueOf(users.body, day).value - 12)).toBeLessThan(40);

    const grants = await analytics(`metric=grants&from=${day}&to=${day}`);
    expect(grants.status, grants.text).toBe(200);
    expect(valueOf(grants.body, 'location')).toEqual({ key: 'location', value: null, withheld: 'fewer-than-k' });
    expect(valueOf(grants.body, 'camera')).toEqual({ key: 'camera', value: null, withheld: 'fewer-than-k' });
    expect(Number.isInteger(valueOf(grants.body, 'user.profile').value)).toBe(true);
    expect(grants.body.budget).toEqual({ period: expect.stringMatching(/^\d{4}-\d{2}$/), spent: '2', total: '4' });
  });

  it('gives the same answer to the same query, without spending the budget again', async () => {
    const first = await analytics(`metric=daily-users&from=${day}&to=${day}`);
    const again = await analytics(`metric=daily-users&from=${day}&to=${day}`);
    expect(again.status).toBe(200);
    expect(again.body.values).toEqual(first.body.values);
    expect(again.body.releasedAt).toBe(first.body.releasedAt);
    expect(again.body.budget.spent).toBe('2');
  });

  it('releases a query asked three times at once only once, and charges it once', async () => {
    const together = await Promise.all([1, 2, 3].map(() => analytics(`metric=launches&from=${day}&to=${day}`)));
    for (const answer of together) {
      expect(answer.status, answer.text).toBe(200);
      expect(answer.body.values).toEqual(together[0].body.values);
      expect(answer.body.releasedAt).toBe(together[0].body.releasedAt);
    }
    expect(together[0].body.scale).toBe('3');
    expect((await analytics(`metric=daily-users&from=${day}&to=${day}`)).body.budget.spent).toBe('3');
  });

  it('answers 404 to a developer who does not own the mini-app, 403 to someone who is no developer, 401 to no one', async () => {
    const otherDeveloper = await userWithRole(world.t.http, world.adminToken, 'developer');
    expectProblem(
      await analytics(`metric=launches&from=${day}&to=${day}`, otherDeveloper.accessToken),
      404,
      'not-found',
    );
    const user = await registerAndLogin(world.t.http);
    expect((await analytics(`metric=launches&from=${day}&to=${day}`, user.accessToken)).status).toBe(403);
    expect(
      (await world.t.http.get(`/runtime/mini-apps/${slug}/analytics?metric=launches&from=${day}&to=${day}`)).status,
    ).toBe(401);
    expect((await analytics(`metric=daily-users&from=${day}&to=${day}`)).body.budget.spent).toBe('3');
  });

  it('refuses a query it cannot answer with a problem, and charges nothing for it', async () => {
    const today = world.t.app.get(Clock).now().toISOString().slice(0, 10);
    const before = (days: number) => new Date(Date.parse(day) - days * DAY_MS).toISOString().slice(0, 10);
    for (const query of [
      `metric=secrets&from=${day}&to=${day}`,
      `from=${day}&to=${day}`,
      `metric=launches&from=yesterday&to=${day}`,
      `metric=launches&from=${day}`,
    ]) {
      const refused = await analytics(query);
      expectProblem(refused, 400, 'validation');
      expect(fieldErrors(refused).length, query).toBeGreaterThan(0);
    }
    for (const query of [
      `metric=launches&from=2026-02-30&to=${day}`,
      `metric=launches&from=${day}&to=${before(1)}`,
      `metric=launches&from=${before(31)}&to=${day}`,
      `metric=launches&from=${day}&to=${today}`,
    ]) {
      const refused = await analytics(query);
      expectProblem(refused, 400, 'invalid-range');
      expect(fieldErrors(refused).length, query).toBe(1);
    }
    expect((await analytics(`metric=daily-users&from=${day}&to=${day}`)).body.budget.spent).toBe('3');
  });

  it('refuses new queries once the month’s budget is spent, and still serves the answers released', async () => {
    const yesterday = new Date(Date.parse(day) - DAY_MS).toISOString().slice(0, 10);
    const denials = await analytics(`metric=denials&from=${day}&to=${day}`);
    expect(denials.body.budget.spent).toBe('4');
    expect(valueOf(denials.body, 'location')).toEqual({ key: 'location', value: null, withheld: 'fewer-than-k' });

    const refused = await analytics(`metric=daily-users&from=${yesterday}&to=${day}`);
    expectProblem(refused, 429, 'privacy-budget-spent');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const released = await analytics(`metric=daily-users&from=${day}&to=${day}`);
    expect(released.status).toBe(200);
    expect(released.body.budget).toMatchObject({ spent: '4', total: '4' });
  });

  it('publishes the transparency report to anyone: per scope, suppressed below k, noised, the same when asked again', async () => {
    const report = await world.t.http.get('/privacy/transparency');
    expect(report.status, report.text).toBe(200);
    expect(report.body).toMatchObject({ month, k: 10, epsilon: '1', scale: '21' });
    const grants = Object.fromEntries(report.body.grants.map((g: any) => [g.scope, g]));
    expect(grants.location).toEqual({ scope: 'location', people: null, withheld: 'fewer-than-k' });
    expect(Number.isInteger(grants['user.profile'].people)).toBe(true);
    for (const measure of ['withdrawals', 'accesses'])
      expect(
        report.body[measure].every((c: any) => c.people === null && c.withheld === 'fewer-than-k'),
        measure,
      ).toBe(true);
    // Exports and erasures are released apart, their noise as wide as one person's asks can move them.
    expect(report.body.requests).toEqual({
      exports: { requests: null, withheld: 'fewer-than-k' },
      erasures: { requests: null, withheld: 'fewer-than-k' },
      epsilon: '1',
      scale: '156',
    });
    const again = await world.t.http.get(`/privacy/transparency?month=${month}`);
    expect(again.body).toEqual(report.body);
  });

  it('refuses a transparency month that is not over or malformed, and has none for months never released', async () => {
    const current = world.t.app.get(Clock).now().toISOString().slice(0, 7);
    expectProblem(await world.t.http.get(`/privacy/transparency?month=${current}`), 400, 'invalid-month');
    expectProblem(await world.t.http.get('/privacy/transparency?month=2026-13'), 400, 'invalid-month');
    expectProblem(await world.t.http.get('/privacy/transparency?month=last'), 400, 'validation');
    expectProblem(await world.t.http.get('/privacy/transparency?month=2001-01'), 404, 'not-released');
  });
});
