import { randomUUID } from 'node:crypto';
import type { Browser, Frame, Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandBus } from '@nestjs/cqrs';
import { PaymentsHousekeeping } from '../src/modules/payments/application/payments-housekeeping';
import { OrderExpiry } from '../src/modules/payments/application/order-expiry';
import { MerchantDirectory } from '../src/modules/payments/application/ports/merchant-directory';
import { messageContext } from '../src/platform/messaging/message-context';
import { PayMerchant } from '../src/shared/contracts/wallet';
import { freePort } from './support/free-port';
import { launchBrowser, phoneContext, screenshotPath } from './support/browser';
import { expectProblem } from './support/expect-problem';
import type { HttpResponse } from './support/http-client';
import {
  basic,
  launch,
  publishMiniApp,
  startRuntimeWorld,
  verifiedLaunchData,
  type RuntimeWorld,
} from './support/runtime-fixtures';
import { startTestBackend, type ReceivedRequest, type TestBackend } from './support/test-backend';
import { waitFor } from './support/wait-for';
import { addCard, balanceOf, fund, moneyPost, walletUser, type WalletUser } from './support/wallet-fixtures';

/**
 * Mini-app checkout end to end: a merchant's backend (a local server) creates orders with its
 * server credentials, the user pays in the shell's sheet in Chromium, and the backend receives
 * signed notifications (verified with the standardwebhooks library) through every retry.
 */
interface Merchant {
  slug: string;
  auth: Record<string, string>;
  secret: string;
}

/** The notification, if its signature verifies under this secret (what a merchant's backend does with the library). */
function verifiedWith(
  secret: string | undefined,
  request: ReceivedRequest,
): { data: { orderId: string; state: string } } | null {
  try {
    return secret
      ? (new Webhook(secret).verify(request.body, request.headers as Record<string, string>) as {
          data: { orderId: string; state: string };
        })
      : null;
  } catch {
    return null;
  }
}

describe('mini-app checkout with signed merchant notifications', () => {
  let world: RuntimeWorld;
  let backend: TestBackend;
  let shop: Merchant;
  let otherShop: Merchant;
  let ada: WalletUser;
  let bob: WalletUser;
  let browser: Browser;
  let page: Page;
  let frame: Frame;
  let shell: string;
  /** What the merchant's backend answers on /notify/flaky, in turn (then 200). */
  const flakyAnswers = [500, 500];
  /** /notify/down answers 500 to everything; the first request waits there until the test lets it go. */
  let letFirstGo: () => void = () => undefined;
  const firstHeld = new Promise<void>((resolve) => (letFirstGo = resolve));
  let downSeen = 0;
  /** What it answers on /notify/gone (an endpoint the merchant retired, until it comes back). */
  let goneAnswer = 410;
  /** Notifications whose signature the backend verified, and the changes it acted on (once per webhook-id, as Standard Webhooks advises). */
  const verified: ReceivedRequest[] = [];
  /** Every merchant of this file: the backend verifies a notification with its secret. */
  const merchants: Merchant[] = [];
  const actedOn = new Map<string, { orderId: string; state: string }>();

  const http = () => world.t.http;
  const createOrder = (merchant: Merchant, body: Record<string, unknown>, key: string = randomUUID()) =>
    http().post(
      '/payments/orders',
      {
        amount: 1_250,
        currency: 'EUR',
        description: 'Day pass, zone A',
        merchantReference: `ref-${key}`,
        notifyUrl: `${backend.origin}/notify`,
        ...body,
      },
      { headers: { ...merchant.auth, 'idempotency-key': key } },
    );
  const openidOf = async (user: WalletUser, slug: string) =>
    (await verifiedLaunchData(http(), (await launch(http(), user, slug)).launchData, slug)).sub as string;
  const confirm = (user: WalletUser, orderId: string, launchId: string, key: string = randomUUID()) =>
    http().post(
      `/payments/orders/${orderId}/confirm`,
      { launchId },
      { token: user.accessToken, headers: { 'idempotency-key': key } },
    );
  const notifications = async (merchant: Merchant, orderId: string) =>
    (await http().get(`/payments/notifications?orderId=${orderId}`, { headers: merchant.auth })).body.items;

  async function merchant(name: string): Promise<Merchant> {
    const slug = await publishMiniApp(world, {
      name,
      category: 'mobility',
      permissions: [{ scope: 'payments', purpose: 'Pay for your rides' }],
      domains: [backend.origin],
    });
    const credentials = await http().post(
      `/runtime/mini-apps/${slug}/credentials`,
      {},
      { token: world.developer.accessToken },
    );
    const secret = await http().post(
      `/payments/mini-apps/${slug}/webhook-secret`,
      {},
      { token: world.developer.accessToken },
    );
    expect(secret.status, secret.text).toBe(201);
    expect(secret.body.secret).toMatch(/^whsec_/);
    const created = { slug, auth: basic(slug, credentials.body.clientSecret), secret: secret.body.secret };
    merchants.push(created);
    return created;
  }

  /** An order, once the merchant's accounts have reached payments (the wallet opens them from the registration event). */
  async function orderFor(
    merchant: Merchant,
    user: WalletUser,
    body: Record<string, unknown> = {},
  ): Promise<HttpResponse> {
    const openid = await openidOf(user, merchant.slug);
    const key = randomUUID();
    return waitFor(async () => {
      const created = await createOrder(merchant, { openid, ...body }, key);
      if (created.status === 422 && created.body.type.endsWith('/payments-not-enabled')) return undefined;
      return created;
    }, 10_000);
  }

  beforeAll(async () => {
    const port = await freePort();
    shell = `http://localhost:${port}`;
    world = await startRuntimeWorld(
      {
        OUTBOUND_ALLOW_LOOPBACK: 'true',
        MINIAPP_ORIGIN: `http://apps.localhost:${port}`,
        PORT: String(port),
        PAYMENTS_NOTIFY_MAX_ATTEMPTS: '4',
        PAYMENTS_NOTIFY_BACKOFF_BASE_MS: '10',
        PAYMENTS_NOTIFY_BACKOFF_MAX_MS: '40',
        PAYMENTS_SWEEP_INTERVAL_MS: '100',
      },
      port,
    );
    backend = await startTestBackend((request, response) => {
      const event = merchants.map((m) => verifiedWith(m.secret, request)).find(Boolean);
      if (!event) return void response.writeHead(400).end();
      verified.push(request);
      if (request.path === '/notify/down')
        return void (downSeen++ === 0 ? firstHeld : Promise.resolve()).then(() => response.writeHead(500).end());
      const status =
        request.path === '/notify/flaky'
          ? (flakyAnswers.shift() ?? 200)
          : request.path === '/notify/gone'
            ? goneAnswer
            : 200;
      if (status === 200 && !actedOn.has(request.headers['webhook-id'] as string))
        actedOn.set(request.headers['webhook-id'] as string, event.data);
      response.writeHead(status).end();
    });
    shop = await merchant('Bike Shop');
    otherShop = await merchant('Scooter Shop');
    [ada, bob] = await Promise.all([
      walletUser(http(), { displayName: 'Ada' }),
      walletUser(http(), { displayName: 'Bob' }),
    ]);
    browser = await launchBrowser();
    page = await (await phoneContext(browser, shell)).newPage();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await backend?.close();
    await world?.t.close();
  });

  it("takes a payment in the shell's sheet, topping up first, and the backend verifies its notification through two failures", async () => {
    await addCard(http(), ada);
    const order = await orderFor(shop, ada, { notifyUrl: `${backend.origin}/notify/flaky` });
    expect(order.status, order.text).toBe(201);
    expect(order.body).toMatchObject({ state: 'created', amount: 1_250, currency: 'EUR', sequence: 0 });

    await page.goto(shell);
    await page.getByLabel('E-mail').fill(ada.email);
    await page.getByLabel('Password').fill(ada.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Open Bike Shop', exact: true }).click();
    frame = await waitFor(
      () => page.frames().find((f) => f.url().includes(`/apps/${shop.slug}/`)) ?? undefined,
      10_000,
    );
    await frame.waitForFunction(() => typeof (globalThis as { superapp?: unknown }).superapp === 'object', undefined, {
      timeout: 10_000,
    });
    const paid = frame.evaluate(
      (orderId) =>
        (globalThis as any).superapp.requestPayment({ orderId }).catch((e: { code: string }) => ({ error: e.code })),
      order.body.id as string,
    );

    await page.getByRole('dialog').getByRole('button', { name: 'Allow', exact: true }).click();
    const sheet = page.getByRole('dialog', { name: 'Pay Bike Shop' });
    await expect.poll(() => sheet.textContent(), { timeout: 10_000 }).toContain('Day pass, zone A');
    await page.screenshot({ path: screenshotPath('payment-sheet') });
    await sheet.getByRole('button', { name: /^Top up .* from .*4242$/ }).click();
    await sheet.getByRole('button', { name: /^Pay / }).click();
    expect(await paid).toEqual({ orderId: order.body.id, status: 'paid' });
    expect(await balanceOf(http(), ada)).toMatchObject({ posted: 0 });

    const attempts = await waitFor(async () => {
      const [paidNotice] = await notifications(shop, order.body.id);
      return paidNotice?.status === 'delivered' ? paidNotice : undefined;
    }, 10_000);
    expect(attempts).toMatchObject({
      type: 'order.paid',
      sequence: 1,
      payload: { data: { state: 'paid', merchantReference: order.body.merchantReference } },
    });
    expect(attempts.attempts.map((a: { status: number }) => a.status)).toEqual([500, 500, 200]);
    const sent = verified.filter((r) => r.headers['webhook-id'] === attempts.id);
    expect(sent).toHaveLength(3);
    expect([...actedOn.values()].filter((e) => e.orderId === order.body.id).map((e) => e.state)).toEqual(['paid']);
    expect((await http().get('/metrics')).text).toMatch(
      /^payments_notification_attempts_total\{outcome="rejected"\} [2-9]/m,
    );
  });

  it('rejects requestPayment with USER_CANCELLED when the person closes the sheet, and nothing is paid', async () => {
    const order = await orderFor(shop, ada);
    const closed = frame.evaluate(
      (orderId) =>
        (globalThis as any).superapp.requestPayment({ orderId }).catch((e: { code: string }) => ({ error: e.code })),
      order.body.id as string,
    );
    await page.getByRole('dialog', { name: 'Pay Bike Shop' }).getByRole('button', { name: 'Cancel' }).click();
    expect(await closed).toEqual({ error: 'USER_CANCELLED' });
    expect((await http().get(`/payments/orders/${order.body.id}`, { headers: shop.auth })).body.state).toBe('created');
  });

  /** Calls requestPayment in the frame, as the mini-app's code would; a refusal comes back as its code. */
  const requestPayment = (orderId: string): Promise<{ orderId: string; status: string } | { error: string }> =>
    frame.evaluate(
      (id) =>
        (globalThis as any).superapp
          .requestPayment({ orderId: id })
          .catch((e: { code: string }) => ({ error: e.code })),
      orderId,
    );

  it('refuses a second requestPayment with BUSY while the sheet is open, and the sheet keeps showing the first order', async () => {
    const first = await orderFor(shop, ada, { description: 'Day pass, zone B' });
    const second = await orderFor(shop, ada, { amount: 9_900, description: 'Annual pass, all zones' });
    const opened = requestPayment(first.body.id as string);
    const sheet = page.getByRole('dialog', { name: 'Pay Bike Shop' });
    await expect.poll(() => sheet.textContent(), { timeout: 10_000 }).toContain('Day pass, zone B');
    let swapAnswer: unknown;
    void requestPayment(second.body.id as string).then((answer) => (swapAnswer = answer));
    await expect.poll(() => swapAnswer, { timeout: 5_000 }).toEqual({ error: 'BUSY' });
    expect(await sheet.textContent()).not.toContain('Annual pass');
    expect(await page.getByRole('dialog').count()).toBe(1);
    await sheet.getByRole('button', { name: 'Cancel' }).click();
    expect(await opened).toEqual({ error: 'USER_CANCELLED' });

    const later = requestPayment(second.body.id as string);
    await expect.poll(() => sheet.textContent(), { timeout: 10_000 }).toContain('Annual pass, all zones');
    await sheet.getByRole('button', { name: 'Cancel' }).click();
    expect(await later).toEqual({ error: 'USER_CANCELLED' });
  });

  it('resolves requestPayment with the paid order when the answer to Pay was lost and the person closes the sheet', async () => {
    await fund(http(), ada, 5_000);
    const order = await orderFor(shop, ada);
    const confirmUrl = `**/payments/orders/${order.body.id}/confirm`;
    // The payment goes through, but its answer never reaches the shell (a dropped connection).
    await page.route(confirmUrl, async (route) => {
      await route.fetch();
      await route.abort('connectionreset');
    });
    const answer = requestPayment(order.body.id as string);
    const sheet = page.getByRole('dialog', { name: 'Pay Bike Shop' });
    await sheet.getByRole('button', { name: /^Pay / }).click();
    await expect.poll(() => sheet.getByRole('alert').isVisible(), { timeout: 10_000 }).toBe(true);
    await page.screenshot({ path: screenshotPath('payment-sheet-answer-lost') });
    await page.unroute(confirmUrl);
    await sheet.getByRole('button', { name: 'Cancel' }).click();
    expect(await answer).toEqual({ orderId: order.body.id, status: 'paid' });
  });

  it('answers a replayed confirm with the first answer and moves no money; a second payment of the order is refused', async () => {
    await fund(http(), bob, 5_000);
    const order = await orderFor(shop, bob);
    const { launchId } = await launch(http(), bob, shop.slug);
    const key = randomUUID();
    const first = await confirm(bob, order.body.id, launchId, key);
    expect(first.body).toEqual({ orderId: order.body.id, state: 'paid', reason: null });
    const replay = await confirm(bob, order.body.id, launchId, key);
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(first.body);
    expectProblem(await confirm(bob, order.body.id, launchId), 409, 'order-already-paid');
    expect(await balanceOf(http(), bob)).toMatchObject({ posted: 5_000 - 1_250 });
  });

  it('refunds part of a paid order and then the rest, never more, notifying the merchant each time', async () => {
    const before = (await balanceOf(http(), bob)).posted;
    const order = await orderFor(shop, bob);
    expect((await confirm(bob, order.body.id, (await launch(http(), bob, shop.slug)).launchId)).body.state).toBe(
      'paid',
    );
    const refund = (amount: number, key: string = randomUUID()) =>
      http().post(
        `/payments/orders/${order.body.id}/refunds`,
        { amount },
        { headers: { ...shop.auth, 'idempotency-key': key } },
      );
    const key = randomUUID();
    const part = await refund(250, key);
    expect(part.status, part.text).toBe(201);
    expect(part.body.order).toMatchObject({ state: 'partially-refunded', refundedAmount: 250, sequence: 2 });
    expect((await refund(250, key)).body.id).toBe(part.body.id);
    expectProblem(await refund(1_001), 422, 'exceeds-refundable');
    expect((await refund(1_000)).body.order).toMatchObject({ state: 'refunded', refundedAmount: 1_250 });
    expect(await balanceOf(http(), bob)).toMatchObject({ posted: before });
    const sent = await waitFor(async () => {
      const items = await notifications(shop, order.body.id);
      return items.length === 3 && items.every((n: { status: string }) => n.status === 'delivered') ? items : undefined;
    });
    expect(sent.map((n: { type: string; sequence: number }) => [n.type, n.sequence])).toEqual([
      ['order.paid', 1],
      ['order.refunded', 2],
      ['order.refunded', 3],
    ]);
    expect((await http().get(`/payments/orders/${order.body.id}`, { headers: shop.auth })).body).toMatchObject({
      state: 'refunded',
      refundedAmount: 1_250,
    });
  });

  it("refuses the merchant's refund of a payment through the wallet: merchant payments are refunded through payments", async () => {
    await fund(http(), bob, 5_000);
    const order = await orderFor(shop, bob);
    expect((await confirm(bob, order.body.id, (await launch(http(), bob, shop.slug)).launchId)).body.state).toBe(
      'paid',
    );
    const before = (await balanceOf(http(), bob)).posted;
    const statement = (await http().get('/wallet/transactions', { token: bob.accessToken })).body.items;
    const payment = statement.find((line: { type: string }) => line.type === 'payment');
    const refused = await moneyPost(http(), world.developer, `/wallet/transfers/${payment.transferId}/refund`, {});
    expectProblem(refused, 422, 'refund-through-payments');
    expect(refused.body.detail).toMatch(/refunded by the merchant through payments/);
    expect(await balanceOf(http(), bob)).toMatchObject({ posted: before });
    expect((await http().get(`/payments/orders/${order.body.id}`, { headers: shop.auth })).body).toMatchObject({
      state: 'paid',
      refundedAmount: 0,
    });
  });

  it('refuses an order of another user or of another mini-app, to users and to merchants alike', async () => {
    const order = await orderFor(shop, ada);
    const adaInShop = (await launch(http(), ada, shop.slug)).launchId;
    const adaInOther = (await launch(http(), ada, otherShop.slug)).launchId;
    const bobInShop = (await launch(http(), bob, shop.slug)).launchId;
    expectProblem(await confirm(bob, order.body.id, bobInShop), 404, 'not-found');
    expectProblem(await confirm(ada, order.body.id, adaInOther), 404, 'not-found');
    expectProblem(await confirm(bob, order.body.id, adaInShop), 404, 'launch-not-found');
    expectProblem(
      await http().get(`/payments/orders/${order.body.id}/checkout?launchId=${adaInOther}`, { token: ada.accessToken }),
      404,
      'not-found',
    );
    expectProblem(await http().get(`/payments/orders/${order.body.id}`, { headers: otherShop.auth }), 404, 'not-found');
    expectProblem(
      await http().post(
        `/payments/orders/${order.body.id}/refunds`,
        { amount: 1 },
        { headers: { ...otherShop.auth, 'idempotency-key': randomUUID() } },
      ),
      404,
      'not-found',
    );
    expectProblem(await createOrder(otherShop, { openid: order.body.openid }), 422, 'unknown-openid');
    expect((await http().get(`/payments/orders/${order.body.id}`, { headers: shop.auth })).body.state).toBe('created');
  });

  it('opened the merchant accounts of a mini-app whose category allows payments, one per currency, owned by its developer', async () => {
    const accounts = (await http().get('/wallet/accounts', { token: world.developer.accessToken })).body.items.filter(
      (a: { kind: string; name: string }) => a.kind === 'merchant' && a.name === shop.slug,
    );
    expect(accounts.map((a: { currency: string }) => a.currency).sort()).toEqual(['EUR', 'GBP', 'JPY', 'USD']);
  });

  it('refuses bad orders with a clear problem', async () => {
    const openid = await openidOf(ada, shop.slug);
    expectProblem(
      await createOrder(shop, { openid, notifyUrl: 'https://elsewhere.example/notify' }),
      422,
      'notify-url-not-allowed',
    );
    expectProblem(await createOrder(shop, { openid, amount: 0 }), 400, 'validation');
    expectProblem(
      await http().post('/payments/orders', { openid }, { headers: shop.auth }),
      400,
      'idempotency-key-missing',
    );
    expectProblem(await createOrder({ ...shop, auth: basic(shop.slug, 'wrong') }, { openid }), 401, 'invalid-client');
    const key = randomUUID();
    expect((await createOrder(shop, { openid }, key)).status).toBe(201);
    expectProblem(await createOrder(shop, { openid, amount: 999 }, key), 422, 'idempotency-key-reused');
  });

  it('fails a payment the wallet refuses, with the reason, and takes it once the user has the money', async () => {
    const carol = await walletUser(http());
    const order = await orderFor(shop, carol);
    const { launchId } = await launch(http(), carol, shop.slug);
    expect((await confirm(carol, order.body.id, launchId)).body).toEqual({
      orderId: order.body.id,
      state: 'failed',
      reason: 'insufficient-funds',
    });
    expect((await http().get('/metrics')).text).toMatch(
      new RegExp(`^failed_payment_attempts_total\\{merchant="${shop.slug}",reason="insufficient-funds"\\} 1$`, 'm'),
    );
    await fund(http(), carol, 2_000);
    expect((await confirm(carol, order.body.id, launchId)).body).toEqual({
      orderId: order.body.id,
      state: 'paid',
      reason: null,
    });
    const sent = await waitFor(async () => {
      const items = await notifications(shop, order.body.id);
      return items.length === 2 && items.every((n: { status: string }) => n.status === 'delivered') ? items : undefined;
    });
    expect(
      sent.map((n: { payload: { data: { state: string; reason: string | null } } }) => n.payload.data),
    ).toMatchObject([
      { state: 'failed', reason: 'insufficient-funds' },
      { state: 'paid', reason: null },
    ]);
  });

  it('lets the merchant resend a notification, signed again under the same id', async () => {
    const order = await orderFor(shop, bob);
    expect((await confirm(bob, order.body.id, (await launch(http(), bob, shop.slug)).launchId)).body.state).toBe(
      'paid',
    );
    const [paidNotice] = await waitFor(async () =>
      (await notifications(shop, order.body.id))[0]?.status === 'delivered'
        ? notifications(shop, order.body.id)
        : undefined,
    );
    const resent = await http().post(`/payments/notifications/${paidNotice.id}/resend`, {}, { headers: shop.auth });
    expect(resent.body).toMatchObject({ trigger: 'resend', outcome: 'delivered', status: 200 });
    expect(verified.filter((r) => r.headers['webhook-id'] === paidNotice.id)).toHaveLength(2);
    expectProblem(
      await http().post(`/payments/notifications/${paidNotice.id}/resend`, {}, { headers: otherShop.auth }),
      404,
      'not-found',
    );
  });

  it('keeps every automatic retry of a notification however often the merchant resends it meanwhile', async () => {
    await fund(http(), bob, 5_000);
    const order = await orderFor(shop, bob, { notifyUrl: `${backend.origin}/notify/down` });
    expect((await confirm(bob, order.body.id, (await launch(http(), bob, shop.slug)).launchId)).body.state).toBe(
      'paid',
    );
    try {
      await waitFor(() => downSeen === 1 || undefined);
      const [notice] = await notifications(shop, order.body.id);
      for (let i = 0; i < 2; i++)
        expect(
          (await http().post(`/payments/notifications/${notice.id}/resend`, {}, { headers: shop.auth })).body,
        ).toMatchObject({ trigger: 'resend', outcome: 'rejected', status: 500 });
    } finally {
      letFirstGo();
    }
    const settled = await waitFor(async () => {
      const [notice] = await notifications(shop, order.body.id);
      return notice && notice.status !== 'pending' ? notice : undefined;
    });
    expect(settled.status).toBe('failed');
    const triggers = settled.attempts.map((a: { trigger: string }) => a.trigger);
    // PAYMENTS_NOTIFY_MAX_ATTEMPTS is 4 here: four deliveries, whatever the merchant's resends.
    expect(triggers.filter((t: string) => t === 'delivery')).toHaveLength(4);
    expect(triggers.filter((t: string) => t === 'resend')).toHaveLength(2);
  });

  it('stops sending to an endpoint that answers 410 Gone, until a resend gets through', async () => {
    const notifyUrl = `${backend.origin}/notify/gone`;
    await fund(http(), bob, 5_000);
    const paidOrder = async () => {
      const order = await orderFor(shop, bob, { notifyUrl });
      expect((await confirm(bob, order.body.id, (await launch(http(), bob, shop.slug)).launchId)).body.state).toBe(
        'paid',
      );
      return waitFor(async () => {
        const [notice] = await notifications(shop, order.body.id);
        return notice && notice.status !== 'pending' ? notice : undefined;
      });
    };
    const first = await paidOrder();
    expect(first).toMatchObject({ status: 'endpoint-disabled', attempts: [{ outcome: 'gone', status: 410 }] });
    const second = await paidOrder();
    expect(second).toMatchObject({
      status: 'endpoint-disabled',
      attempts: [{ outcome: 'endpoint-disabled', status: null }],
    });
    expect(verified.filter((r) => r.path === '/notify/gone')).toHaveLength(1);
    goneAnswer = 200;
    expect(
      (await http().post(`/payments/notifications/${second.id}/resend`, {}, { headers: shop.auth })).body,
    ).toMatchObject({ outcome: 'delivered', status: 200 });
    expect(await paidOrder()).toMatchObject({ status: 'delivered', attempts: [{ outcome: 'delivered' }] });
  });

  it('sends nothing to a notifyUrl whose domain the live manifest no longer declares', async () => {
    const ferry = await merchant('Ferry Shop');
    const movedUrl = `${backend.origin}/notify/moved`;
    await fund(http(), bob, 5_000);
    const order = await orderFor(ferry, bob, { notifyUrl: movedUrl });
    await publishMiniApp(world, {
      slug: ferry.slug,
      version: '1.1.0',
      name: 'Ferry Shop',
      category: 'mobility',
      permissions: [{ scope: 'payments', purpose: 'Pay for your crossings' }],
      domains: ['https://ferries.example'],
    });
    const openid = await openidOf(bob, ferry.slug);
    await waitFor(async () => {
      const refused = await createOrder(ferry, { openid, notifyUrl: movedUrl });
      return refused.status === 422 ? refused : undefined;
    });
    const { launchId } = await launch(http(), bob, ferry.slug);
    expect((await confirm(bob, order.body.id, launchId)).body.state).toBe('paid');
    const settled = await waitFor(async () => {
      const [notice] = await notifications(ferry, order.body.id);
      return notice && notice.status !== 'pending' ? notice : undefined;
    });
    expect(settled).toMatchObject({
      status: 'failed',
      attempts: [{ outcome: 'domain-not-declared', status: null }],
    });
    const resent = await http().post(`/payments/notifications/${settled.id}/resend`, {}, { headers: ferry.auth });
    expect(resent.body).toMatchObject({ trigger: 'resend', outcome: 'domain-not-declared', status: null });
    expect(backend.received.filter((r) => r.path === '/notify/moved')).toHaveLength(0);
  });

  it('sends a mini-app that review took down no further notification', async () => {
    const tram = await merchant('Tram Shop');
    const notifyUrl = `${backend.origin}/notify/tram`;
    await fund(http(), bob, 5_000);
    const openid = await openidOf(bob, tram.slug);
    const order = await orderFor(tram, bob, { notifyUrl });
    expect((await confirm(bob, order.body.id, (await launch(http(), bob, tram.slug)).launchId)).body.state).toBe(
      'paid',
    );
    await waitFor(async () => (await notifications(tram, order.body.id))[0]?.status === 'delivered' || undefined);
    const takenDown = await http().post(
      `/review/mini-apps/${tram.slug}/unpublish`,
      {},
      { token: world.reviewer.accessToken },
    );
    expect(takenDown.status, takenDown.text).toBe(200);
    await waitFor(async () => {
      const refused = await createOrder(tram, { openid, notifyUrl });
      return (refused.status === 422 && refused.body.type.endsWith('/mini-app-not-live')) || undefined;
    });
    const refund = await http().post(
      `/payments/orders/${order.body.id}/refunds`,
      { amount: 100 },
      { headers: { ...tram.auth, 'idempotency-key': randomUUID() } },
    );
    expect(refund.status, refund.text).toBe(201);
    const [, refunded] = await waitFor(async () => {
      const items = await notifications(tram, order.body.id);
      return items[1] && items[1].status !== 'pending' ? items : undefined;
    });
    expect(refunded).toMatchObject({
      type: 'order.refunded',
      status: 'failed',
      attempts: [{ outcome: 'mini-app-taken-down', status: null }],
    });
    expect(backend.received.filter((r) => r.path === '/notify/tram')).toHaveLength(1);
  });

  it('reconciles the books after all of it', async () => {
    const report = await http().get('/wallet/admin/reconciliation', { token: world.adminToken });
    expect(report.body).toMatchObject({ clean: true, discrepancies: [] });
  });

  it('expires an order nobody paid in time, and tells its merchant', async () => {
    const order = await orderFor(shop, bob);
    const { launchId } = await launch(http(), bob, shop.slug);
    world.advanceClock(901_000);
    expectProblem(await confirm(bob, order.body.id, launchId), 422, 'order-expired');
    const [expired] = await waitFor(async () => {
      const items = await notifications(shop, order.body.id);
      return items[0]?.status === 'delivered' ? items : undefined;
    });
    expect(expired).toMatchObject({ type: 'order.expired', payload: { data: { state: 'expired' } } });
    expect((await http().get(`/payments/orders/${order.body.id}`, { headers: shop.auth })).body.state).toBe('expired');
  });

  it('marks an order paid, not expired, when the wallet took its payment but the order never learned it (its change lost)', async () => {
    const order = await orderFor(shop, bob);
    const [row] = await world.t.app
      .get(DataSource)
      .query('SELECT mini_app_id, amount::int AS amount FROM payments.orders WHERE id = $1', [order.body.id]);
    const merchantAccountId = await world.t.app.get(MerchantDirectory).accountOf(row.mini_app_id, 'EUR');
    await fund(http(), bob, row.amount);
    const before = (await balanceOf(http(), bob)).posted;
    // What a wallet in another process did before payments' transaction was lost: the payment under the order's reference.
    const receipt = await messageContext.run({ module: 'payments' }, () =>
      world.t.app.get(CommandBus).execute(
        new PayMerchant({
          payerUserId: bob.id,
          merchantAccountId: merchantAccountId!,
          amount: row.amount,
          currency: 'EUR',
          fee: 0,
          reference: `order:${order.body.id}`,
          idempotencyKey: `order:${order.body.id}:1`,
        }),
      ),
    );
    expect(receipt).toMatchObject({ status: 'completed' });
    world.advanceClock(901_000);
    await world.t.app.get(OrderExpiry).expireDue();
    const settled = (await http().get(`/payments/orders/${order.body.id}`, { headers: shop.auth })).body;
    expect(settled).toMatchObject({ state: 'paid' });
    const [paid] = await waitFor(async () => {
      const items = await notifications(shop, order.body.id);
      return items[0]?.status === 'delivered' ? items : undefined;
    });
    expect(paid).toMatchObject({ payload: { data: { state: 'paid' } } });
    expect((await balanceOf(http(), bob)).posted).toBe(before - row.amount);
  });

  it('tells the mini-app that an order is paid already, or expired, each by its own code and without a sheet', async () => {
    const answerOf = async (orderId: string) => {
      let answer: unknown;
      void requestPayment(orderId).then((settled) => (answer = settled));
      await expect.poll(() => answer, { timeout: 5_000 }).toBeDefined();
      return answer;
    };
    await fund(http(), ada, 2_000);
    const paid = await orderFor(shop, ada);
    expect((await confirm(ada, paid.body.id, (await launch(http(), ada, shop.slug)).launchId)).body.state).toBe('paid');
    expect(await answerOf(paid.body.id as string)).toEqual({ error: 'ALREADY_PAID' });

    const late = await orderFor(shop, ada);
    world.advanceClock(901_000);
    await waitFor(
      async () =>
        (await http().get(`/payments/orders/${late.body.id}`, { headers: shop.auth })).body.state === 'expired' ||
        undefined,
    );
    expect(await answerOf(late.body.id as string)).toEqual({ error: 'ORDER_EXPIRED' });
    expect(await page.getByRole('dialog').count()).toBe(0);
  });

  it('answers a retried confirm with its first answer even once the launch has ended, and moves no money again', async () => {
    await fund(http(), bob, 2_000);
    const order = await orderFor(shop, bob);
    const { launchId } = await launch(http(), bob, shop.slug);
    const key = randomUUID();
    const first = await confirm(bob, order.body.id, launchId, key);
    expect(first.body.state, first.text).toBe('paid');
    const balance = (await balanceOf(http(), bob)).posted;
    world.advanceClock(3_601_000); // past RUNTIME_LAUNCH_TTL_SECONDS: the launch has ended
    const retried = await confirm(bob, order.body.id, launchId, key);
    expect(retried.status, retried.text).toBe(200);
    expect(retried.body).toEqual(first.body);
    expect((await balanceOf(http(), bob)).posted).toBe(balance);
    expectProblem(await confirm(ada, order.body.id, launchId, key), 404, 'launch-not-found');
  });

  it('forgets a settled notification and its attempts PAYMENTS_NOTIFICATION_LOG_RETENTION_DAYS (30) after, and keeps the order', async () => {
    const order = await orderFor(shop, bob);
    expect((await confirm(bob, order.body.id, (await launch(http(), bob, shop.slug)).launchId)).body.state).toBe(
      'paid',
    );
    await waitFor(async () =>
      (await notifications(shop, order.body.id))[0]?.status === 'delivered' ? true : undefined,
    );
    const housekeeping = world.t.app.get(PaymentsHousekeeping);
    world.advanceClock(29 * 86_400_000);
    await housekeeping.sweep();
    expect(await notifications(shop, order.body.id)).toHaveLength(1);

    world.advanceClock(2 * 86_400_000);
    await housekeeping.sweep();
    expect(await notifications(shop, order.body.id)).toEqual([]);
    const attemptsLeft = await world.t.app
      .get(DataSource)
      .query(
        `SELECT count(*)::int AS n FROM payments.notification_attempts a LEFT JOIN payments.notifications n ON n.id = a.notification_id WHERE n.id IS NULL`,
      );
    expect(attemptsLeft[0].n).toBe(0);
    expect((await http().get(`/payments/orders/${order.body.id}`, { headers: shop.auth })).body.state).toBe('paid');
  });
});
