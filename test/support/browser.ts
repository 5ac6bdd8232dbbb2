import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's Chromium (`.ci/run` installs it): Playwright's own browser download cannot work here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium is not at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}

/** A phone-sized context with a position the page may ask for (once the browser permission is given). */
export async function phoneContext(browser: Browser, origin: string): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 1,
    geolocation: { latitude: 52.520008, longitude: 13.404954, accuracy: 12 },
  });
  await context.grantPermissions(['geolocation'], { origin });
  return context;
}

/** Screenshots go to reports/screenshots (not committed) so a person can look at what the tests saw. */
export function screenshotPath(name: string): string {
  const dir = join(__dirname, '..', '..', 'reports', 'screenshots');
  mkdirSync(dir, { recursive: true });
  return join(dir, `${name}.png`);
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** What axe-core finds on the shell's page as a person sees it now (the mini-app's own frame is its author's). */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const found = await page.evaluate(() =>
    (globalThis as any).axe.run((globalThis as any).document, { iframes: false, resultTypes: ['violations'] }),
  );
  return found.violations.map(
    (v: { id: string; nodes: Array<{ target: string[] }> }) =>
      `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}
