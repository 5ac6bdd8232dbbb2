import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAndLogin } from './support/identity-fixtures';
import { scrapeJob, scrapeMetrics } from './support/metrics';
import { promtool, type RunningPrometheus, type Sample, startPrometheus } from './support/prometheus';
import {
  basic,
  launch,
  publishMiniApp,
  type RuntimeWorld,
  startRuntimeWorld,
  verifiedLaunchData,
} from './support/runtime-fixtures';
import { waitFor } from './support/wait-for';
import { addCard, CARDS, moneyPost, walletUser } from './support/wallet-fixtures';

const OPS = join(__dirname, '..', 'ops');
const RULES = join(OPS, 'prometheus', 'rules', 'business.yml');
const DASHBOARD = JSON.parse(readFileSync(join(OPS, 'grafana', 'dashboards', 'business.json'), 'utf8')) as {
  panels: Array<{ title: string; targets: Array<{ expr: string }> }>;
};

/**
 * Each recorded series, the input it reads (`name{labels}` as the platform must export it) and the
 * labels every one of its samples must carry: a label dropped upstream would merge a panel's lines.
 */
const RECORDED: Record<string, { input: string; labels: string[] }> = {
  failed_payment_attempts_by_merchant: {
    input: 'failed_payment_attempts_total{merchant,reason}',
    labels: ['merchant', 'reason'],
  },
  user_signup_funnel_completion_rate: { input: 'user_signup_funnel_total{step}', labels: ['step'] },
  mini_app_load_time_p95: { input: 'mini_app_load_time_seconds_bucket{mini_app,le}', labels: ['mini_app'] },
  'job:bus_outbox_lag_seconds:max': { input: 'bus_outbox_lag_seconds', labels: ['job'] },
};

/**
 * Inputs the platform of this branch does not export yet, each with the branch that brings it. Rules
 * and panels reading them are still loaded and evaluated, but may answer nothing; as soon as the
 * platform exports the input, this test fails until its line is removed here (at that merge).
 */
const AWAITING_MERGE: Record<string, string> = {};

/** Whether the exposition text has a sample of `name{label,…}` carrying at least those labels. */
function exports(scrape: string, input: string): boolean {
  const [, name, labels = ''] = /^([\w:]+)(?:\{([\w,]*)\})?$/.exec(input)!;
  const wanted = labels.split(',').filter(Boolean);
  return scrape.split('\n').some((line) => {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) return false;
    const present = new Set([...line.matchAll(/(\w+)="/g)].map((m) => m[1]));
    return wanted.every((label) => present.has(label));
  });
}

const awaiting = (expr: string) =>
  Object.entries(RECORDED).some(([rule, { input }]) => input in AWAITING_MERGE && expr.includes(rule));
const finite = (samples: Sample[]) => samples.length > 0 && samples.every((s) => Number.isFinite(Number(s.value[1])));

describe('the business dashboards against a running platform', () => {
  let world: RuntimeWorld;
  let prometheus: RunningPrometheus;

  beforeAll(async () => {
    world = await startRuntimeWorld();
    prometheus = await startPrometheus([scrapeJob(world.t, 'superapp', 1)], [RULES]);
    await waitFor(async () => (await prometheus.query('up{job="superapp"} == 1')).length > 0, 15_000, 100);
    await seeTheDay();
  }, 120_000);

  afterAll(async () => {
    await prometheus?.stop();
    await world?.t.close();
  });

  /** What the figures are about, while Prometheus watches: sign-ups, launches with their load times, a refused top-up. */
  async function seeTheDay(): Promise<void> {
    const { t } = world;
    const slug = await publishMiniApp(world, { category: 'finance', permissions: [] });
    const observed = async (expr: string) =>
      waitFor(async () => (await prometheus.query(expr)).length > 0, 10_000, 100);
    // A series is only counted from its second sample on: report twice, with a scrape between.
    for (const ms of [400, 900]) {
      await t.http.post('/funnel/shell-opened');
      const person = await registerAndLogin(t.http);
      const { launchId } = await launch(t.http, person, slug);
      expect(
        (await t.http.post(`/runtime/launches/${launchId}/load-time`, { ms }, { token: person.accessToken })).status,
      ).toBe(204);
      await observed(`mini_app_load_time_seconds_count{mini_app="${slug}"} >= ${ms === 400 ? 1 : 2}`);
    }
    const payer = await walletUser(t.http);
    const declined = await moneyPost(t.http, payer, '/wallet/top-ups', {
      instrumentId: await addCard(t.http, payer, CARDS.declined),
      amount: 1_000,
      currency: 'EUR',
    });
    expect(declined.status).toBe(402);
    // The payer has nothing: a mini-app's checkout fails for insufficient funds, twice, with a scrape between.
    const shop = await publishMiniApp(world, {
      category: 'mobility',
      permissions: [{ scope: 'payments', purpose: 'Pay for your rides' }],
      domains: ['https://shop.example'],
    });
    const credentials = await t.http.post(
      `/runtime/mini-apps/${shop}/credentials`,
      {},
      { token: world.developer.accessToken },
    );
    const merchant = basic(shop, credentials.body.clientSecret);
    expect(
      (await t.http.post(`/payments/mini-apps/${shop}/webhook-secret`, {}, { token: world.developer.accessToken }))
        .status,
    ).toBe(201);
    const { launchId, launchData } = await launch(t.http, payer, shop);
    const openid = (await verifiedLaunchData(t.http, launchData, shop)).sub;
    for (const attempt of [1, 2]) {
      const order = await waitFor(async () => {
        const body = {
          openid,
          amount: 1_250,
          currency: 'EUR',
          description: 'Day pass',
          merchantReference: `ref-${attempt}`,
          notifyUrl: 'https://shop.example/notify',
        };
        const created = await t.http.post('/payments/orders', body, {
          headers: { ...merchant, 'idempotency-key': randomUUID() },
        });
        return created.status === 201 ? created : undefined;
      }, 10_000);
      const confirmed = await t.http.post(
        `/payments/orders/${order.body.id}/confirm`,
        { launchId },
        { token: payer.accessToken, headers: { 'idempotency-key': randomUUID() } },
      );
      expect(confirmed.status, confirmed.text).toBeLessThan(500);
      await observed(`failed_payment_attempts_total{merchant="${shop}"} >= ${attempt}`);
    }
  }

  it("passes promtool: the configuration, the rules, and the rules' own unit tests", () => {
    expect(promtool('check', 'config', join(OPS, 'prometheus', 'prometheus.yml'))).toContain('SUCCESS');
    expect(promtool('test', 'rules', join(OPS, 'prometheus', 'tests', 'business.test.yml'))).toContain('SUCCESS');
    const recorded = [...readFileSync(RULES, 'utf8').matchAll(/^\s*- record: (\S+)$/gm)].map((m) => m[1]);
    expect(recorded.sort()).toEqual(Object.keys(RECORDED).sort());
  });

  it('reads only metrics the platform exports, with the labels the rules group by', async () => {
    const scrape = await scrapeMetrics(world.t);
    for (const { input } of Object.values(RECORDED)) {
      const present = exports(scrape, input);
      if (input in AWAITING_MERGE)
        expect(present, `${input} is exported now: remove it from AWAITING_MERGE`).toBe(false);
      else expect(present, `the platform does not export ${input}`).toBe(true);
    }
  });

  it.each(Object.keys(RECORDED))(
    'records %s from the real scrape: samples with values and every label',
    async (rule) => {
      if (RECORDED[rule].input in AWAITING_MERGE) return;
      const samples = await waitFor(
        async () => {
          const found = await prometheus.query(rule);
          return finite(found) ? found : undefined;
        },
        20_000,
        250,
      ).catch(async () => expect.fail(`${rule} answers ${JSON.stringify(await prometheus.query(rule))}`));
      for (const sample of samples)
        for (const label of RECORDED[rule].labels)
          expect(sample.metric[label], `${rule} without ${label}`).toBeTruthy();
    },
  );

  it('fills every panel of the dashboard', async () => {
    const empty: string[] = [];
    for (const panel of DASHBOARD.panels) {
      for (const { expr } of panel.targets) {
        if (awaiting(expr)) continue;
        const filled = await waitFor(async () => finite(await prometheus.query(expr)), 20_000, 250).catch(() => false);
        if (!filled) empty.push(`${panel.title}: ${expr}`);
      }
    }
    expect(empty).toEqual([]);
  });
});
