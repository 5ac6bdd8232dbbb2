import { randomUUID } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  basic,
  launch,
  publishMiniApp,
  type RuntimeWorld,
  startRuntimeWorld,
  verifiedLaunchData,
} from './support/runtime-fixtures';
import { startTestBackend, type TestBackend } from './support/test-backend';
import { waitFor } from './support/wait-for';
import { fund, walletUser, type WalletUser } from './support/wallet-fixtures';

/**
 * The THEFT insider: someone who holds the server credentials and backends of two mini-apps and
 * wants to know which of their users are the same person (to join two usage histories into a
 * profile). Everything the platform hands either mini-app about a person is collected, and no value
 * that identifies the person may appear on both sides.
 */
describe('privacy: two mini-apps cannot link their users', () => {
  let world: RuntimeWorld;
  let ada: WalletUser;
  let bob: WalletUser;
  const backends: Record<'first' | 'second', TestBackend> = {} as never;
  const apps: Record<'first' | 'second', { slug: string; clientSecret: string }> = {} as never;
  const http = () => world.t.http;
  /** Each visit pays a different amount, so that the merchant's statement line of each payment can be told apart. */
  let nextAmount = 500;

  beforeAll(async () => {
    world = await startRuntimeWorld({ OUTBOUND_ALLOW_LOOPBACK: 'true' });
    [ada, bob] = await Promise.all([
      walletUser(http(), { displayName: 'Ada Lovelace' }),
      walletUser(http(), { displayName: 'Bob Byron' }),
    ]);
    await Promise.all([fund(http(), ada, 10_000), fund(http(), bob, 10_000)]);
    for (const side of ['first', 'second'] as const) {
      backends[side] = await startTestBackend((_request, response) => response.end('{}'));
      const slug = await publishMiniApp(world, {
        permissions: [{ scope: 'payments', purpose: 'Pay for your rides' }],
        domains: [backends[side].origin],
      });
      const developer = { token: world.developer.accessToken };
      const credentials = await http().post(`/runtime/mini-apps/${slug}/credentials`, {}, developer);
      expect(credentials.status, credentials.text).toBe(201);
      expect((await http().post(`/payments/mini-apps/${slug}/webhook-secret`, {}, developer)).status).toBe(201);
      apps[side] = { slug, clientSecret: credentials.body.clientSecret };
    }
  }, 120_000);
  afterAll(async () => {
    await world?.t.close();
    await Promise.all(Object.values(backends).map((backend) => backend.close()));
  });

  /** Everything one mini-app's frame and backend receive about `user` in one visit. */
  async function whatTheMiniAppSees(
    side: 'first' | 'second',
    user: WalletUser,
  ): Promise<{ openid: string; received: unknown[] }> {
    const { slug, clientSecret } = apps[side];
    const http = world.t.http;
    const server = { headers: basic(slug, clientSecret) };
    const launched = await launch(http, user, slug);
    const launchData = launched.launchData as string;
    const code = await http.post(`/runtime/launches/${launched.launchId}/login-code`, {}, { token: user.accessToken });
    const session = await http.post(
      '/runtime/sessions/exchange',
      { code: code.body.code },
      { headers: basic(slug, clientSecret) },
    );
    expect(session.status, session.text).toBe(200);
    const before = backends[side].received.length;
    const proxied = await http.post(
      `/runtime/launches/${launched.launchId}/requests`,
      { url: `${backends[side].origin}/profile`, method: 'GET' },
      { token: user.accessToken },
    );
    expect(proxied.status, proxied.text).toBe(200);
    const [request] = backends[side].received.slice(before);
    const signature = String(request.headers['x-superapp-signature']);
    const { 'x-superapp-signature': _signature, ...headers } = request.headers;

    const paidBefore = backends[side].received.length;
    const amount = nextAmount++;
    const order = await waitFor(async () => {
      const created = await http.post(
        '/payments/orders',
        {
          openid: session.body.openid,
          amount,
          currency: 'EUR',
          description: 'Day pass',
          merchantReference: `ref-${randomUUID()}`,
          notifyUrl: `${backends[side].origin}/notify`,
        },
        { headers: { ...server.headers, 'idempotency-key': randomUUID() } },
      );
      return created.status === 422 && created.body.type.endsWith('/payments-not-enabled') ? undefined : created;
    }, 10_000);
    expect(order.status, order.text).toBe(201);
    const paid = await http.post(
      `/payments/orders/${order.body.id}/confirm`,
      { launchId: launched.launchId },
      { token: user.accessToken, headers: { 'idempotency-key': randomUUID() } },
    );
    expect(paid.body.state, paid.text).toBe('paid');
    const notification = await waitFor(() =>
      backends[side].received.slice(paidBefore).find((seen) => seen.path === '/notify'),
    );
    // The developer owns the merchant account the payment went to: what their wallet shows of it.
    const owner = { token: world.developer.accessToken };
    const statementLine = await waitFor(async () =>
      (await http.get('/wallet/transactions', owner)).body.items.find(
        (line: { type: string; amount: number }) => line.type === 'payment' && line.amount === amount,
      ),
    );
    const transferSeenByOwner = await http.get(`/wallet/transfers/${statementLine.transferId}`, owner);
    expect(transferSeenByOwner.status, transferSeenByOwner.text).toBe(200);
    return {
      openid: session.body.openid as string,
      received: [
        await verifiedLaunchData(http, launchData, slug),
        decodeProtectedHeader(launchData),
        code.body,
        session.body,
        headers,
        decodeJwt(signature),
        decodeProtectedHeader(signature),
        order.body,
        paid.body,
        (await http.get(`/payments/orders/${order.body.id}`, server)).body,
        notification.headers,
        JSON.parse(notification.body),
        statementLine,
        transferSeenByOwner.body,
      ],
    };
  }

  it("finds no identifier of a person shared between the two mini-apps: ids, launchData, login, the proxied request and its signature, orders, their notifications, and the payments in the owner's wallet", async () => {
    const [first, second, bobsVisit] = [
      await whatTheMiniAppSees('first', ada),
      await whatTheMiniAppSees('second', ada),
      await whatTheMiniAppSees('first', bob),
    ];
    const [adaInFirst, adaInSecond, bobInFirst] = [first, second, bobsVisit].map((visit) => atomsOf(visit.received));
    // What the first mini-app sees alike for two different people says nothing about who they are.
    const sameForEveryone = new Set([...adaInFirst].filter((atom) => bobInFirst.has(atom)));

    const shared = [...adaInFirst].filter((atom) => adaInSecond.has(atom) && !sameForEveryone.has(atom));
    expect(shared).toEqual([]);
    // Nor anything the platform knows her by, anywhere in what either mini-app received, whole or inside a longer value.
    for (const visit of [first, second]) {
      const everything = JSON.stringify(visit.received);
      for (const known of [ada.id, ada.email, 'Ada Lovelace', ada.accountId]) expect(everything).not.toContain(known);
    }
    // Each mini-app recognises the person (it needs to), by an id of its own that it sees everywhere it is told of them.
    expect(first.openid).not.toBe(second.openid);
    expect(adaInFirst.has(first.openid) && adaInSecond.has(second.openid)).toBe(true);
    expect((await whatTheMiniAppSees('first', ada)).openid).toBe(first.openid);
  });
});

/**
 * Every string and number in what a mini-app received, split the way a linker would compare them
 * (a URL or header value whole and by its parts). Times are left out: a backend sees when it is
 * called whatever the platform sends, and the two visits happen at different moments by nature.
 */
function atomsOf(received: unknown[]): Set<string> {
  const atoms = new Set<string>();
  const visit = (value: unknown, key: string) => {
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) return value.forEach((item) => visit(item, key));
    if (typeof value === 'object')
      return Object.entries(value as Record<string, unknown>).forEach(([k, v]) => visit(v, k));
    if (TIME_KEYS.has(key) || (typeof value !== 'string' && typeof value !== 'number')) return;
    const text = String(value);
    atoms.add(text);
    for (const part of text.split(/[\s,;=&?/:"]+/)) if (part.length >= 6) atoms.add(part);
  };
  received.forEach((item) => visit(item, ''));
  return atoms;
}

const TIME_KEYS = new Set([
  'iat',
  'exp',
  'nbf',
  'date',
  'expiresIn',
  'expiresAt',
  'createdAt',
  'updatedAt',
  'timestamp',
  'webhook-timestamp',
  'paidAt',
]);
