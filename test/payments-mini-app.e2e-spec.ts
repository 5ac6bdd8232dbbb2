import type { Browser, Frame, Page } from 'playwright-core';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchBrowser, phoneContext, screenshotPath } from './support/browser';
import { freePort } from './support/free-port';
import { registerAndLogin, STRONG_PASSWORD } from './support/identity-fixtures';
import { startTestApp, type TestApp } from './support/test-app';
import { waitFor } from './support/wait-for';
import { CARDS, FUTURE_EXPIRY_YEAR } from './support/wallet-fixtures';

/**
 * The Payments mini-app (mini-apps/payments, as a development start publishes it) in Chromium: two
 * people sign up in the shell, one tops up from a test card and sends money to the other, first by
 * the payment code the other shows, then by picking them as a contact; every movement is confirmed
 * in the shell's own sheet, and both statements show it.
 */
describe('the Payments mini-app in the shell', () => {
  let t: TestApp;
  let db: Client;
  let browser: Browser;
  let shell: string;
  let ada: Page;
  let bob: Page;
  let bobsCode: string;

  beforeAll(async () => {
    const port = await freePort();
    shell = `http://localhost:${port}`;
    t = await startTestApp(
      { PUBLISH_FIRST_PARTY_MINI_APPS: 'true', MINIAPP_ORIGIN: `http://apps.localhost:${port}`, PORT: String(port) },
      [],
      port,
    );
    db = new Client({ connectionString: t.config.DATABASE_URL });
    await db.connect();
    const watcher = await registerAndLogin(t.http);
    await waitFor(
      async () => (await t.http.get('/discovery/mini-apps/payments', { token: watcher.accessToken })).status === 200,
      20_000,
    );
    browser = await launchBrowser();
    [ada, bob] = await Promise.all([
      phoneContext(browser, shell).then((c) => c.newPage()),
      phoneContext(browser, shell).then((c) => c.newPage()),
    ]);
    for (const page of [ada, bob]) {
      page.on('console', (m) => process.env.SHELL_TEST_DEBUG && console.log('console:', m.type(), m.text()));
      page.on('pageerror', (e) => process.env.SHELL_TEST_DEBUG && console.log('pageerror:', e.message));
    }
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await db?.end();
    await t?.close();
  });

  async function signUp(page: Page, name: string): Promise<void> {
    await page.goto(`${shell}/#/sign-up`);
    await page.getByLabel('Your name').fill(name);
    await page.getByLabel('E-mail').fill(`${name.toLowerCase()}-${Date.now()}@example.com`);
    await page.getByLabel('Password').fill(STRONG_PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect
      .poll(() => page.getByRole('link', { name: 'Open Payments', exact: true }).isVisible(), { timeout: 10_000 })
      .toBe(true);
  }

  /** Opens Payments from Discover; the first time, the person allows it to read the wallet. */
  async function openPayments(page: Page, firstTime = false): Promise<Frame> {
    await page.goto(`${shell}/#/`);
    await page.getByRole('link', { name: 'Open Payments', exact: true }).click();
    const frame = await waitFor(
      () =>
        page.frames().find((f) => f.url().startsWith('http://apps.localhost') && f.url().includes('/apps/payments/')) ??
        undefined,
      10_000,
    );
    if (firstTime) await allow(page, 'Your wallet balance and statement');
    await expect
      .poll(() => frame.locator('#balances li').count(), { timeout: 10_000 })
      .toBeGreaterThan(0)
      .catch(async (error) => {
        await page.screenshot({ path: screenshotPath('failed-payments') });
        console.log(
          'status:',
          await frame.locator('#status').textContent(),
          await frame.evaluate(() =>
            (globalThis as any).superapp.wallet.getBalances().then(
              (r: unknown) => JSON.stringify(r),
              (e: any) => e.code + ' ' + e.message,
            ),
          ),
        );
        throw error;
      });
    return frame;
  }

  async function allow(page: Page, what: string): Promise<void> {
    const prompt = page.getByRole('dialog', { name: new RegExp(what, 'i') });
    await prompt.getByRole('button', { name: 'Allow', exact: true }).click();
  }

  /** Holds the page's transfer requests until `release()`; `sending` settles once one reached the hold. */
  async function holdTransfers(page: Page): Promise<{ sending: Promise<void>; release: () => void }> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let arrived!: () => void;
    const sending = new Promise<void>((resolve) => (arrived = resolve));
    await page.route('**/wallet/transfers', async (route) => {
      arrived();
      await held;
      await route.continue();
    });
    return { sending, release };
  }

  const balance = (frame: Frame) => frame.locator('#balances').textContent();
  const statement = (frame: Frame) => frame.locator('#statement').innerText();
  const status = (frame: Frame) => frame.getByRole('status').textContent();

  it("tops up from a test card added in the shell's sheet, after the person confirms; a declined card is said so, and another can be tried", async () => {
    await signUp(bob, 'Bob');
    const bobs = await openPayments(bob, true);
    await expect.poll(() => bobs.locator('#my-code').textContent()).toMatch(/^[\w-]{20,}$/);
    bobsCode = (await bobs.locator('#my-code').textContent())!;

    await signUp(ada, 'Ada');
    const frame = await openPayments(ada, true);
    await expect.poll(() => balance(frame)).toBe('€0.00');
    await frame.getByRole('textbox', { name: 'Amount' }).first().fill('20.00');
    await frame.getByRole('button', { name: 'Top up', exact: true }).click();
    await allow(ada, 'move money');
    const sheet = ada.getByRole('dialog', { name: 'Top up €20.00?' });
    await sheet.waitFor();
    const saveCard = async (number: string, last4: string) => {
      if (!(await sheet.getByLabel('Card number').isVisible())) await sheet.getByText('Add a card').click();
      await sheet.getByLabel('Card number').fill(number);
      await sheet.getByLabel('Expiry (MM/YY)').fill(`12/${FUTURE_EXPIRY_YEAR}`);
      await sheet.getByLabel('Security code').fill('123');
      await sheet.getByRole('button', { name: 'Save card' }).click();
      await expect
        .poll(() => sheet.getByLabel('From card').locator('option:checked').textContent())
        .toBe(`Visa •••• ${last4}`);
    };
    await saveCard(CARDS.declined, '0002');
    await sheet.getByRole('button', { name: 'Top up €20.00' }).click();
    await expect.poll(() => sheet.getByRole('alert').textContent()).toMatch(/declined/i);
    await saveCard(CARDS.succeeds, '4242');
    await ada.screenshot({ path: screenshotPath('payments-top-up-sheet') });
    expect(await axeViolations(ada)).toEqual([]);
    await sheet.getByRole('button', { name: 'Top up €20.00' }).click();
    await expect.poll(() => status(frame), { timeout: 10_000 }).toBe('Topped up €20.00.');
    await expect.poll(() => balance(frame)).toBe('€20.00');
    await expect.poll(() => statement(frame)).toMatch(/Top-up[\s\S]{0,60}\+€20\.00/);
  }, 60_000);

  it('sends money to the payment code the other person shows, confirmed in the sheet; a cancelled sheet moves nothing', async () => {
    const frame = await openPayments(ada);
    const send = frame.getByRole('region', { name: 'Send money' });
    await send.getByLabel('Or their payment code').fill(bobsCode);
    await send.getByLabel('Amount').fill('5.00');
    await send.getByLabel('Note').fill('Lunch');
    await send.getByRole('button', { name: 'Send', exact: true }).click();
    const sheet = ada.getByRole('dialog', { name: 'Send €5.00 to Bob?' });
    await sheet.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => status(frame)).toBe('Cancelled: no money moved.');
    await expect.poll(() => balance(frame)).toBe('€20.00');

    await send.getByRole('button', { name: 'Send', exact: true }).click();
    expect(await sheet.textContent()).toContain('€20.00 available');
    await ada.screenshot({ path: screenshotPath('payments-transfer-sheet') });
    expect(await axeViolations(ada)).toEqual([]);
    await sheet.getByRole('button', { name: 'Send €5.00' }).click();
    await expect.poll(() => status(frame), { timeout: 10_000 }).toBe('Sent €5.00.');
    await expect.poll(() => balance(frame)).toBe('€15.00');
    await expect.poll(() => statement(frame)).toMatch(/Transfer · Lunch[\s\S]{0,40}−€5\.00/);
  });

  it("shows the money in the other person's statement", async () => {
    const frame = await openPayments(bob);
    await expect.poll(() => balance(frame)).toBe('€5.00');
    await expect.poll(() => statement(frame)).toMatch(/Transfer · Lunch[\s\S]{0,40}\+€5\.00/);
  });

  it('sends again to the person picked as a contact, and hands the frame no platform id', async () => {
    await waitFor(async () => (await db.query('SELECT count(*)::int AS n FROM runtime.counterparties')).rows[0].n >= 2);
    const frame = await openPayments(ada);
    const send = frame.getByRole('region', { name: 'Send money' });
    await send.getByRole('button', { name: 'Pick a contact' }).click();
    await allow(ada, 'A contact you pick');
    await ada
      .getByRole('dialog', { name: 'Share a contact with Payments' })
      .getByRole('button', { name: 'Bob' })
      .click();
    await expect.poll(() => send.locator('#recipient-name').textContent()).toBe('Bob');
    await send.getByLabel('Amount').fill('1.50');
    await send.getByRole('button', { name: 'Send', exact: true }).click();
    await ada.getByRole('dialog', { name: 'Send €1.50 to Bob?' }).getByRole('button', { name: 'Send €1.50' }).click();
    await expect.poll(() => status(frame), { timeout: 10_000 }).toBe('Sent €1.50.');
    await expect.poll(() => balance(frame)).toBe('€13.50');

    const ids = (
      await db.query(
        `SELECT id::text FROM identity.users UNION ALL SELECT id::text FROM wallet.accounts UNION ALL SELECT id::text FROM wallet.instruments`,
      )
    ).rows.map((r) => r.id);
    const seen = await frame.content();
    expect(ids.filter((id) => seen.includes(id))).toEqual([]);
    const bobs = await openPayments(bob);
    await expect.poll(() => balance(bobs)).toBe('€6.50');
  });
  it('keeps the transfer sheet open while the money moves: Cancel and Escape do nothing, and the mini-app hears it was sent', async () => {
    const frame = await openPayments(ada);
    const { sending, release } = await holdTransfers(ada);
    const send = frame.getByRole('region', { name: 'Send money' });
    await send.getByLabel('Or their payment code').fill(bobsCode);
    await send.getByLabel('Amount').fill('1.00');
    await send.getByRole('button', { name: 'Send', exact: true }).click();
    const sheet = ada.getByRole('dialog', { name: 'Send €1.00 to Bob?' });
    await sheet.getByRole('button', { name: 'Send €1.00' }).click();
    await sending;
    expect(await sheet.getByRole('button', { name: 'Cancel' }).isDisabled()).toBe(true);
    await ada.keyboard.press('Escape');
    expect(await sheet.isVisible()).toBe(true);
    release();
    await expect.poll(() => status(frame), { timeout: 10_000 }).toBe('Sent €1.00.');
    await ada.unroute('**/wallet/transfers');
    await expect.poll(() => balance(frame)).toBe('€12.50');
  });

  /** Calls requestTransfer in the frame, as the mini-app's code would; a refusal comes back as its code. */
  const requestTransfer = (frame: Frame, amount: number, note: string) =>
    frame.evaluate(
      ({ to, amount, note }) =>
        (globalThis as any).superapp.requestTransfer({ to, amount, currency: 'EUR', note }).then(
          () => 'sent',
          (e: { code: string }) => e.code,
        ),
      { to: bobsCode, amount, note },
    );

  it('rejects requestTransfer with UNAVAILABLE, never USER_CANCELLED, when the answer to Send was lost and the person cancels; the statement shows the transfer', async () => {
    const frame = await openPayments(ada);
    const refused = requestTransfer(frame, 500_00, 'Too much');
    const tooMuch = ada.getByRole('dialog', { name: 'Send €500.00 to Bob?' });
    await tooMuch.getByRole('button', { name: 'Send €500.00' }).click();
    await expect.poll(() => tooMuch.getByRole('alert').isVisible(), { timeout: 10_000 }).toBe(true);
    await tooMuch.getByRole('button', { name: 'Cancel' }).click();
    expect(await refused).toBe('USER_CANCELLED');

    // The transfer goes through, but its answer never reaches the shell (a dropped connection).
    await ada.route('**/wallet/transfers', async (route) => {
      await route.fetch();
      await route.abort('connectionreset');
    });
    const answer = requestTransfer(frame, 25, 'Answer lost');
    const sheet = ada.getByRole('dialog', { name: 'Send €0.25 to Bob?' });
    await sheet.getByRole('button', { name: 'Send €0.25' }).click();
    await expect.poll(() => sheet.getByRole('alert').isVisible(), { timeout: 10_000 }).toBe(true);
    await ada.unroute('**/wallet/transfers');
    await sheet.getByRole('button', { name: 'Cancel' }).click();
    expect(await answer).toBe('UNAVAILABLE');
    const lines = await frame.evaluate(() =>
      (globalThis as any).superapp.wallet.getStatement().then((s: any) => s.items),
    );
    expect(lines.filter((line: { note: string | null }) => line.note === 'Answer lost')).toEqual([
      expect.objectContaining({ type: 'p2p', direction: 'out', amount: 25 }),
    ]);
  });

  it('keeps a busy transfer sheet on show when the frame leaves its page meanwhile, and says the mini-app was closed once the money moved', async () => {
    const frame = await openPayments(ada);
    const { sending, release } = await holdTransfers(ada);
    // Its answer is for a frame that will be gone.
    void requestTransfer(frame, 1_00, 'Left meanwhile').catch(() => undefined);
    const sheet = ada.getByRole('dialog', { name: 'Send €1.00 to Bob?' });
    await sheet.getByRole('button', { name: 'Send €1.00' }).click();
    await sending;
    await frame.evaluate(() => ((globalThis as any).location.href = 'about:blank')).catch(() => undefined);
    await frame.waitForURL('about:blank');
    // The shell has seen the frame's second load once a frame of its own has been drawn after it.
    await ada.evaluate(() => new Promise((drawn) => (globalThis as any).requestAnimationFrame(drawn)));
    expect(await sheet.isVisible()).toBe(true);
    expect(await sheet.getByRole('button', { name: 'Cancel' }).isDisabled()).toBe(true);
    release();
    const notice = ada.getByText('Payments tried to leave its page and was closed.');
    await expect.poll(() => notice.isVisible(), { timeout: 10_000 }).toBe(true);
    await ada.unroute('**/wallet/transfers');
    expect(await sheet.count()).toBe(0);
    expect(await ada.locator('iframe').count()).toBe(0);
    const statement = await openPayments(ada);
    await expect.poll(() => statement.locator('#statement').innerText()).toContain('Left meanwhile');
  });
});
