import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchBrowser, phoneContext, screenshotPath } from './support/browser';
import { freePort } from './support/free-port';
import { registerAndLogin, type RegisteredUser } from './support/identity-fixtures';
import { launch, publishMiniApp, type RuntimeWorld, startRuntimeWorld } from './support/runtime-fixtures';
import { startTestBackend, type TestBackend } from './support/test-backend';
import { waitFor } from './support/wait-for';

const LOCATION = { scope: 'location', purpose: 'Show the bike stations near you' };

/**
 * The shell's privacy page in Chromium: the person finds it from the top bar, reads what a
 * mini-app did (a grant, an access, a proxied call, launches), withdraws the grant, and forgets
 * the mini-app after confirming; its backend hears of it.
 */
describe("the shell's privacy page", () => {
  let world: RuntimeWorld;
  let backend: TestBackend;
  let ada: RegisteredUser;
  let browser: Browser;
  let page: Page;
  let shell: string;
  let slug: string;
  const http = () => world.t.http;

  beforeAll(async () => {
    const port = await freePort();
    shell = `http://localhost:${port}`;
    backend = await startTestBackend((_request, response) => response.writeHead(200).end('{}'));
    world = await startRuntimeWorld(
      { OUTBOUND_ALLOW_LOOPBACK: 'true', MINIAPP_ORIGIN: `http://apps.localhost:${port}`, PORT: String(port) },
      port,
    );
    slug = await publishMiniApp(world, { name: 'City Bikes', permissions: [LOCATION], domains: [backend.origin] });
    const endpoint = await http().request(
      'PUT',
      `/runtime/mini-apps/${slug}/notice-endpoint`,
      { url: `${backend.origin}/notices` },
      { token: world.developer.accessToken },
    );
    expect(endpoint.status, endpoint.text).toBe(200);
    ada = await registerAndLogin(http(), { displayName: 'Ada' });
    await http().request(
      'PUT',
      `/runtime/mini-apps/${slug}/grants/location`,
      { decision: 'granted' },
      { token: ada.accessToken },
    );
    const { launchId } = await launch(http(), ada, slug);
    await http().post(`/runtime/launches/${launchId}/access`, { scope: 'location' }, { token: ada.accessToken });
    await http().post(
      `/runtime/launches/${launchId}/requests`,
      { url: `${backend.origin}/stations`, method: 'GET' },
      { token: ada.accessToken },
    );
    await waitFor(async () => {
      const [app] = (await http().get('/privacy/me', { token: ada.accessToken })).body.miniApps;
      return app?.accesses.length && app.domains.length;
    });
    browser = await launchBrowser();
    page = await (await phoneContext(browser, shell)).newPage();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await world?.t.close();
    await backend?.close();
  });

  it('shows what each mini-app did, from the top bar, and lets the person withdraw a grant', async () => {
    await page.goto(shell);
    await page.getByLabel('E-mail').fill(ada.email);
    await page.getByLabel('Password').fill(ada.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Privacy' }).click();
    await page.getByRole('heading', { name: 'Privacy report' }).waitFor();
    const card = page.getByRole('article', { name: /City Bikes/ });
    await expect.poll(() => card.textContent()).toContain(backend.origin.replace(/^http:\/\//, ''));
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('Your location: allowed since');
    expect(text).toContain('“Show the bike stations near you”');
    expect(text).toContain('1 request');
    expect(text).toContain('Opened 1 time');
    expect(await page.locator('.retention').textContent()).toContain('Data accessed: 30 days');
    await page.screenshot({ path: screenshotPath('privacy-report'), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);

    await card.getByRole('button', { name: 'Withdraw Your location from City Bikes' }).click();
    await page.getByRole('status').filter({ hasText: 'withdrawn from City Bikes' }).waitFor();
    const grants = await http().get(`/runtime/mini-apps/${slug}/grants`, { token: ada.accessToken });
    expect(grants.body.scopes).toEqual([{ ...LOCATION, state: 'not-asked' }]);
    expect(await card.textContent()).toContain('None in force.');
  });

  it('forgets the mini-app after the person confirms, and its backend is told', async () => {
    const card = page.getByRole('article', { name: /City Bikes/ });
    await card.getByRole('button', { name: 'Forget this mini-app' }).click();
    const dialog = page.getByRole('dialog', { name: 'Forget City Bikes?' });
    await dialog.waitFor();
    await page.screenshot({ path: screenshotPath('privacy-forget-dialog') });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await dialog.count()).toBe(0);
    expect(backend.received.filter((r) => r.path === '/notices')).toHaveLength(0);

    await card.getByRole('button', { name: 'Forget this mini-app' }).click();
    await dialog.getByRole('button', { name: 'Forget', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'City Bikes was forgotten' }).waitFor();
    expect(await page.getByRole('article', { name: /City Bikes/ }).count()).toBe(0);
    await waitFor(() => backend.received.some((r) => r.path === '/notices'));
    await waitFor(async () => (await http().get('/privacy/me', { token: ada.accessToken })).body.miniApps.length === 0);
    await page.reload();
    await page.getByText('No mini-app has anything of yours yet.').waitFor();
    await page.screenshot({ path: screenshotPath('privacy-report-empty') });
  });

  it('hands the person a copy of all their data as one file', async () => {
    const downloaded = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download a copy of my data' }).click();
    const file = await downloaded;
    expect(file.suggestedFilename()).toMatch(/^superapp-data-\d{4}-\d{2}-\d{2}\.json$/);
    const archive = JSON.parse(readFileSync(await file.path(), 'utf8'));
    expect(archive.format).toBe('superapp-export/1');
    expect(JSON.stringify(archive.sections.identity)).toContain(ada.email);
    expect(Object.keys(archive.sections)).toEqual(expect.arrayContaining(['identity', 'runtime', 'wallet']));
    await page.getByText('Your copy was downloaded').waitFor();
  });

  it('erases the account once the person confirms with the password, and follows it to the end', async () => {
    await page.getByRole('button', { name: 'Erase my account…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Erase your account?' });
    await dialog.getByLabel('Your password, to confirm it is you').fill('not my password');
    await dialog.getByRole('button', { name: 'Erase everything' }).click();
    await dialog.getByText('The password is wrong: nothing was done.').waitFor();
    expect((await http().get('/identity/me', { token: ada.accessToken })).status).toBe(200);

    await dialog.getByLabel('Your password, to confirm it is you').fill(ada.password);
    await page.screenshot({ path: screenshotPath('privacy-erasure-dialog') });
    await dialog.getByRole('button', { name: 'Erase everything' }).click();
    await page.getByRole('heading', { name: 'Your account is erased' }).waitFor({ timeout: 20_000 });
    await page.screenshot({ path: screenshotPath('privacy-erasure-done') });
    expect(await axeViolations(page)).toEqual([]);
    expect((await http().get('/identity/me', { token: ada.accessToken })).status).toBe(401);
    await page.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  });
});
