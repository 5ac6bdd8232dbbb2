import { createSocket, type Socket } from 'node:dgram';
import { readdirSync, readFileSync } from 'node:fs';
import { get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCityBikesBackend, type CityBikesBackendOptions } from '../mini-apps/city-bikes/backend/server.mjs';
import { axeViolations, launchBrowser, phoneContext, screenshotPath } from './support/browser';
import { freePort } from './support/free-port';
import { funnelCounts, funnelMoves } from './support/metrics';
import { STRONG_PASSWORD } from './support/identity-fixtures';
import { fund, moneyPost, walletUser } from './support/wallet-fixtures';
import {
  basic,
  publishMiniApp,
  startRuntimeWorld,
  verifiedLaunchData,
  type RuntimeWorld,
} from './support/runtime-fixtures';
import { startTestBackend, type TestBackend } from './support/test-backend';
import { waitFor } from './support/wait-for';

/**
 * The shell in a real browser (Debian's Chromium): a person signs up, finds mini-apps, opens them in
 * the sandbox, answers the shell's prompts; a hostile mini-app tries every way out and gets none.
 */
const GOOD_PAGE =
  '<!doctype html><html><head><title>Good</title></head><body><h1 id="title">City Bikes</h1><p>Stations near you.</p></body></html>';

describe('the shell and the SDK in Chromium', () => {
  let world: RuntimeWorld;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let shell: string;
  let backend: TestBackend;
  let stun: Socket;
  const stunPackets: string[] = [];
  let good: string;
  let other: string;
  let hostile: string;
  let splitBills: string;
  let sample: string;
  let sampleBackend: Server;
  const sampleOptions: CityBikesBackendOptions = { platformUrl: '', publicOrigin: '' };
  let adaEmail: string;
  let funnelBefore: Record<string, number>;

  beforeAll(async () => {
    const port = await freePort();
    shell = `http://localhost:${port}`;
    world = await startRuntimeWorld(
      { OUTBOUND_ALLOW_LOOPBACK: 'true', MINIAPP_ORIGIN: `http://apps.localhost:${port}`, PORT: String(port) },
      port,
    );
    backend = await startTestBackend((request, response) =>
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ stations: 3, path: request.path })),
    );
    stun = createSocket('udp4');
    stun.on('message', (message) => stunPackets.push(message.toString('hex')));
    await new Promise<void>((resolve) => stun.bind(Number(new URL(backend.origin).port), '127.0.0.1', resolve));
    const files = (html: string) => [{ name: 'index.html', data: html }];
    good = await publishMiniApp(world, {
      name: 'City Bikes',
      category: 'mobility',
      permissions: [
        { scope: 'location', purpose: 'Show the bike stations near you' },
        { scope: 'user.profile', purpose: 'Greet you by your name' },
      ],
      domains: [backend.origin],
      files: files(GOOD_PAGE),
    });
    splitBills = await publishMiniApp(world, {
      name: 'Split Bills',
      category: 'social',
      permissions: [{ scope: 'contacts', purpose: 'Split a bill with someone you know' }],
      domains: [],
      files: files(GOOD_PAGE),
    });
    sample = await publishSample();
    other = await publishMiniApp(world, {
      name: 'Other App',
      category: 'games',
      permissions: [],
      domains: [],
      files: files(GOOD_PAGE),
    });
    const hostilePage = `<!doctype html><html data-sink="${backend.origin}"><head><title>Hostile</title></head><body><pre id="results">{}</pre><script src="hostile.js"></script></body></html>`;
    hostile = await publishMiniApp(world, {
      name: 'Totally Safe',
      category: 'games',
      permissions: [],
      domains: [],
      files: [
        ...files(hostilePage),
        { name: 'hostile.js', data: readFileSync(join(__dirname, 'fixtures/mini-apps/hostile.js'), 'utf8') },
      ],
      pastTheScanner: true,
    });
    funnelBefore = await funnelCounts(world.t);
    browser = await launchBrowser();
    context = await phoneContext(browser, shell);
    page = await context.newPage();
    page.on('console', (m) => process.env.SHELL_TEST_DEBUG && console.log('console:', m.type(), m.text()));
    page.on('pageerror', (e) => process.env.SHELL_TEST_DEBUG && console.log('pageerror:', e.message));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    sampleBackend?.close();
    stun?.close();
    await backend?.close();
    await world?.t.close();
  });

  /** The sample mini-app of `mini-apps/city-bikes` as it is in the repository, its backend in this process, through the real review pipeline. */
  async function publishSample(): Promise<string> {
    const dir = join(__dirname, '../mini-apps/city-bikes');
    sampleBackend = createCityBikesBackend(sampleOptions);
    await new Promise<void>((resolve) => sampleBackend.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(sampleBackend.address() as AddressInfo).port}`;
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    const files = readdirSync(dir)
      .filter((name) => /\.(html|js|css)$/.test(name))
      .map((name) => ({
        name,
        data:
          name === 'config.js' ? `window.CITY_BIKES_BACKEND = '${origin}';\n` : readFileSync(join(dir, name), 'utf8'),
      }));
    const slug = await publishMiniApp(world, {
      name: 'City Bikes (sample)',
      category: 'mobility',
      permissions: manifest.permissions,
      domains: [origin],
      files,
    });
    const credentials = await world.t.http.post(
      `/runtime/mini-apps/${slug}/credentials`,
      {},
      { token: world.developer.accessToken },
    );
    Object.assign(sampleOptions, {
      platformUrl: world.t.baseUrl,
      slug,
      publicOrigin: origin,
      clientSecret: credentials.body.clientSecret,
    });
    return slug;
  }

  async function openMiniApp(name: string, slug: string): Promise<Frame> {
    await page.goto(`${shell}/#/`);
    await page.getByRole('link', { name: `Open ${name}`, exact: true }).click();
    await page.waitForURL(`**/#/app/${slug}`);
    const frame: Frame = await waitFor(
      () =>
        page.frames().find((f) => f.url().startsWith('http://apps.localhost') && f.url().includes(`/apps/${slug}/`)) ??
        undefined,
      10_000,
    ).catch(async (error) => {
      await page.screenshot({ path: screenshotPath(`failed-open-${slug}`) });
      throw new Error(
        `${(error as Error).message}; frames: ${page
          .frames()
          .map((f) => f.url())
          .join(', ')}`,
      );
    });
    await frame.waitForFunction(() => typeof (globalThis as { superapp?: unknown }).superapp === 'object', undefined, {
      timeout: 10_000,
    });
    return frame;
  }

  /**
   * Calls `superapp.<method>(...args)` inside the frame, as the mini-app's own code would. (A function, not a
   * string: the frame's CSP refuses string evaluation, and the test must not lift the CSP it checks.)
   */
  const sdk = <T>(
    frame: Frame,
    method: string,
    ...args: unknown[]
  ): Promise<{ ok: T } | { error: { code: string; message: string } }> =>
    frame.evaluate(
      async ([path, params]) => {
        const names = path.split('.');
        let target: any = (globalThis as any).superapp;
        for (const name of names.slice(0, -1)) target = target[name];
        try {
          return { ok: (await target[names.at(-1)!](...params)) ?? null };
        } catch (e: any) {
          return { error: { code: e.code, message: e.message } };
        }
      },
      [method, args] as const,
    );

  it('links a newcomer to the API in Swagger UI and to the guides, all of which load', async () => {
    await page.goto(shell);
    const links = page.locator('footer.help-links a');
    await expect.poll(() => links.count(), { timeout: 10_000 }).toBe(3);
    const targets = await links.evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href')));
    expect(targets).toEqual(['/docs', '/guides/architecture.md', '/guides/sdk.md']);
    for (const target of targets) expect((await fetch(new URL(target, shell))).status, target).toBe(200);
  });

  it('signs a person up and shows the live mini-apps with their permissions and purposes', async () => {
    await page.goto(shell);
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByLabel('Your name').fill('Ada');
    adaEmail = `ada-${Date.now()}@example.com`;
    await page.getByLabel('E-mail').fill(adaEmail);
    await page.getByLabel('Password').fill(STRONG_PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect
      .poll(() => page.getByRole('heading', { name: 'Discover' }).isVisible(), { timeout: 10_000 })
      .toBe(true);
    await expect
      .poll(() => page.getByRole('heading', { name: 'City Bikes', exact: true }).isVisible(), { timeout: 10_000 })
      .toBe(true);
    const card = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: 'City Bikes', exact: true }) });
    await card.getByText('It may ask for 2 permissions').click();
    expect(await card.getByText('Show the bike stations near you').isVisible()).toBe(true);
    await page.screenshot({ path: screenshotPath('discover'), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
    expect(await page.evaluate(() => localStorage.getItem('superapp.refreshToken'))).toBeTruthy();
  });

  it('asks for location with the purpose, gives a coarse position once allowed, and asks no more', async () => {
    const frame = await openMiniApp('City Bikes', good);
    expect(await frame.evaluate(() => typeof (globalThis as any).superapp.getLocation)).toBe('function');
    const located = sdk<{ latitude: number; longitude: number; precise: boolean }>(frame, 'getLocation');
    const prompt = page.getByRole('dialog');
    await expect.poll(() => prompt.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await prompt.textContent()).toContain('Show the bike stations near you');
    await page.screenshot({ path: screenshotPath('prompt') });
    expect(
      await page.evaluate(
        () =>
          (globalThis as any).document
            .querySelector('dialog[open]')
            ?.contains((globalThis as any).document.activeElement) === true,
      ),
    ).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await prompt.getByRole('button', { name: 'Allow', exact: true }).click();
    expect(await located).toEqual({ ok: { latitude: 52.52, longitude: 13.4, accuracy: 1000, precise: false } });
    expect(await sdk(frame, 'getLocation')).toMatchObject({ ok: { latitude: 52.52 } });
    expect(await page.getByRole('dialog').count()).toBe(0);
    await page.screenshot({ path: screenshotPath('running-mini-app') });
  });

  it('counted this person once at every step of the signup funnel', async () => {
    expect(funnelMoves(funnelBefore, await funnelCounts(world.t))).toEqual({
      shell_opened: 1,
      registered: 1,
      signed_in: 1,
      first_mini_app_opened: 1,
    });
  });

  it('keeps a denial until the person changes it in settings', async () => {
    const frame = await openMiniApp('City Bikes', good);
    const asked = sdk(frame, 'getUserProfile');
    await page.getByRole('dialog').getByRole('button', { name: "Don't allow" }).click();
    expect(await asked).toMatchObject({ error: { code: 'PERMISSION_DENIED' } });
    expect(await sdk(frame, 'getUserProfile')).toMatchObject({ error: { code: 'PERMISSION_DENIED' } });
    expect(await page.getByRole('dialog').count()).toBe(0);
    const settings = sdk(frame, 'openSetting');
    const sheet = page.getByRole('dialog');
    const allowProfile = sheet
      .getByRole('group', { name: 'Your name and picture' })
      .getByLabel('Allow', { exact: true });
    expect(await axeViolations(page)).toEqual([]);
    await allowProfile.check();
    await expect.poll(() => allowProfile.isChecked()).toBe(true);
    await sheet.getByRole('button', { name: 'Done' }).click();
    expect(await settings).toMatchObject({ ok: { authSetting: { 'user.profile': 'granted', location: 'granted' } } });
    expect(await sdk(frame, 'getUserProfile')).toEqual({ ok: { displayName: 'Ada' } });
  });

  it("shares only the contact the person picks, as the mini-app's own id for them", async () => {
    const adaSignIn = await world.t.http.post('/identity/login', { email: adaEmail, password: STRONG_PASSWORD });
    const adaId = (await world.t.http.get('/identity/me', { token: adaSignIn.body.accessToken })).body.id;
    const grace = await walletUser(world.t.http, { displayName: 'Grace' });
    await fund(world.t.http, grace, 2_000);
    expect(
      (await moneyPost(world.t.http, grace, '/wallet/transfers', { toUserId: adaId, amount: 500, currency: 'EUR' }))
        .status,
    ).toBe(201);
    // The runtime learns who paid whom from the wallet's events: wait until Grace is a contact.
    await world.t.http.request(
      'PUT',
      `/runtime/mini-apps/${splitBills}/grants/contacts`,
      { decision: 'granted' },
      { token: adaSignIn.body.accessToken },
    );
    const adaLaunch = await world.t.http.post(
      '/runtime/launches',
      { slug: splitBills },
      { token: adaSignIn.body.accessToken },
    );
    await waitFor(
      async () =>
        (
          await world.t.http.get(`/runtime/launches/${adaLaunch.body.launchId}/contacts`, {
            token: adaSignIn.body.accessToken,
          })
        ).body.items?.length,
      10_000,
    );
    await world.t.http.request('DELETE', `/runtime/mini-apps/${splitBills}/grants/contacts`, undefined, {
      token: adaSignIn.body.accessToken,
    });

    const frame = await openMiniApp('Split Bills', splitBills);
    const picked = sdk<{ openid: string; displayName: string }>(frame, 'chooseContact');
    await page.getByRole('dialog').getByRole('button', { name: 'Allow', exact: true }).click();
    const picker = page.getByRole('dialog', { name: 'Share a contact with Split Bills' });
    await expect.poll(() => picker.getByRole('button', { name: 'Grace' }).isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await picker.getByRole('button', { name: 'Grace' }).click();
    const graceLaunch = await world.t.http.post(
      '/runtime/launches',
      { slug: splitBills },
      { token: grace.accessToken },
    );
    expect(await picked).toEqual({
      ok: {
        openid: (await verifiedLaunchData(world.t.http, graceLaunch.body.launchData, splitBills)).sub,
        displayName: 'Grace',
      },
    });

    const cancelled = sdk(frame, 'chooseContact');
    await page
      .getByRole('dialog', { name: 'Share a contact with Split Bills' })
      .getByRole('button', { name: 'Cancel' })
      .click();
    expect(await cancelled).toMatchObject({ error: { code: 'USER_CANCELLED' } });
  });

  it('runs the sample mini-app of the repository: signed in to its backend, stations near the person, a favourite kept', async () => {
    const frame = await openMiniApp('City Bikes (sample)', sample);
    await frame.waitForSelector('body[data-signed-in="true"]', { timeout: 10_000 });
    await frame.getByRole('button', { name: 'Find stations near me' }).click();
    const prompt = page.getByRole('dialog');
    await expect.poll(() => prompt.isVisible(), { timeout: 10_000 }).toBe(true);
    await prompt.getByRole('button', { name: 'Allow', exact: true }).click();
    await expect.poll(() => frame.getByRole('status').textContent(), { timeout: 10_000 }).toBe('4 stations near you.');
    const star = frame.getByRole('button', { name: 'Favourite Market Square' });
    await star.click();
    await expect.poll(() => star.getAttribute('aria-pressed')).toBe('true');
    expect(await frame.evaluate(() => (globalThis as any).document.activeElement?.getAttribute('aria-label'))).toBe(
      'Favourite Market Square',
    );
    expect(await page.getByTitle('Time to load').textContent()).toMatch(/^\d+ ms$/);
    expect(await sdk(frame, 'storage.get', 'favourite')).toEqual({ ok: 'st-1' });
    await page.screenshot({ path: screenshotPath('sample-mini-app') });
  });

  it('keeps storage per mini-app, reaches a declared backend through the proxy and no other', async () => {
    const frame = await openMiniApp('City Bikes', good);
    expect(await sdk(frame, 'storage.set', 'favourite', { station: 7 })).toEqual({ ok: null });
    expect(await sdk(frame, 'storage.get', 'favourite')).toEqual({ ok: { station: 7 } });
    const proxied = await sdk<{ status: number; body: string }>(frame, 'request', {
      url: `${backend.origin}/stations`,
    });
    expect(proxied).toMatchObject({ ok: { status: 200 } });
    const reached = backend.received.find((r) => r.path === '/stations');
    expect(reached?.headers['x-superapp-openid']).toBeTruthy();
    expect(reached?.headers.authorization).toBeUndefined();
    expect(await sdk(frame, 'request', { url: 'https://undeclared.example/x' })).toMatchObject({
      error: { code: expect.stringMatching(/NOT_DECLARED|PERMISSION_DENIED|INVALID_PARAMS/) },
    });
    const elsewhere = await openMiniApp('Other App', other);
    expect(await sdk(elsewhere, 'storage.get', 'favourite')).toEqual({ ok: null });
  });

  it('gives the mini-app its launchData, and login() a code its backend exchanges for the same openid', async () => {
    const credentials = await world.t.http.post(
      `/runtime/mini-apps/${good}/credentials`,
      {},
      { token: world.developer.accessToken },
    );
    expect(credentials.status, credentials.text).toBe(201);
    const launched = page.waitForResponse(
      (r) => r.url().endsWith('/runtime/launches') && r.request().method() === 'POST',
    );
    const frame = await openMiniApp('City Bikes', good);
    const { launchData } = await (await launched).json();
    expect(await sdk(frame, 'getLaunchData')).toEqual({ ok: { launchData } });
    const login = await sdk<{ code: string }>(frame, 'login');
    if (!('ok' in login)) throw new Error(JSON.stringify(login));
    const exchanged = await world.t.http.post(
      '/runtime/sessions/exchange',
      { code: login.ok.code },
      { headers: basic(credentials.body.clientId, credentials.body.clientSecret) },
    );
    expect(exchanged.status, exchanged.text).toBe(200);
    expect(exchanged.body.openid).toBe((await verifiedLaunchData(world.t.http, launchData, good)).sub);
  });

  it('stops every way out of the sandbox tried by a hostile mini-app, and the shell keeps working', async () => {
    const frame = await openMiniApp('Totally Safe', hostile);
    const results = await waitFor(async () => {
      const text = await frame.locator('#results').textContent();
      const parsed = JSON.parse(text ?? '{}') as Record<string, string>;
      return parsed.done ? parsed : null;
    }, 15_000);
    // What the page itself saw: reads of the shell throw, device access fails, WebRTC is gone (also from a
    // fresh frame), popups and top navigation are refused. The network attempts are judged by the sink below.
    expect(results).toMatchObject({
      fetch: 'blocked:TypeError',
      'parent.document': 'blocked:SecurityError',
      'top.location': 'blocked:SecurityError',
      cookie: 'blocked:SecurityError',
      localStorage: 'blocked:SecurityError',
      indexedDB: 'blocked:SecurityError',
      serviceWorker: 'blocked:SecurityError',
      'window.open': 'returned:null',
      'top navigation': 'blocked:SecurityError',
      geolocation: 'blocked:code1',
      getUserMedia: expect.stringMatching(/^(pending|blocked:)/),
      RTCPeerConnection: 'blocked:TypeError',
      webkitRTCPeerConnection: 'blocked:TypeError',
      'RTC from a fresh frame': expect.stringMatching(/^blocked:/),
    });
    // Nothing reached the outside: no request on the sink, no STUN packet, no prompt from forged messages.
    expect(backend.received.filter((r) => r.path !== '/stations').map((r) => r.path)).toEqual([]);
    expect(stunPackets).toEqual([]);
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(page.url()).toBe(`${shell}/#/app/${hostile}`);
    expect(await page.getByRole('heading', { name: 'Totally Safe' }).isVisible()).toBe(true);
  });

  it("keeps a bundle opened on its own away from the shell's storage", async () => {
    const launched = await world.t.http.post(
      '/runtime/launches',
      { slug: good },
      { token: world.developer.accessToken },
    );
    const alone = await context.newPage();
    await alone.goto(launched.body.frameUrl);
    const read = (expression: string) =>
      alone.evaluate(`(() => { try { return String(${expression}); } catch (e) { return 'blocked:' + e.name; } })()`);
    expect(await read("localStorage.getItem('superapp.refreshToken')")).toBe('blocked:SecurityError');
    expect(await read('document.cookie')).toBe('blocked:SecurityError');
    await alone.close();
    // The mini-app origin serves bundle files and the SDK, nothing of the shell.
    const appsHost = new URL(launched.body.frameUrl).host;
    const status = (path: string) =>
      new Promise<number>((resolve, reject) =>
        get(
          `${world.t.baseUrl}${path}`,
          { headers: { host: appsHost } },
          (r) => (r.resume(), resolve(r.statusCode ?? 0)),
        ).on('error', reject),
      );
    expect(await status('/')).toBe(404);
    expect(await status('/identity/me')).toBe(404);
    expect(await status('/sdk/v1/superapp.js')).toBe(200);
  });

  it('tears down a mini-app that navigates itself away', async () => {
    const frame = await openMiniApp('Other App', other);
    await frame.evaluate(() => ((globalThis as any).location.href = 'about:blank')).catch(() => undefined);
    await expect
      .poll(() => page.getByText('tried to leave its page and was closed').isVisible(), { timeout: 10_000 })
      .toBe(true);
    expect(page.frames().filter((f) => f.url().includes('/apps/'))).toEqual([]);
  });
});
