import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

/** The built front ends (global setup builds dist/ as `npm start` does) stay within what a phone on a slow network can take. */
const DIST = join(__dirname, '..', 'dist');
const gzipped = (files: string[]) =>
  files.reduce((sum, file) => sum + gzipSync(readFileSync(file), { level: 9 }).length, 0);

describe('the front ends', () => {
  it('ship the shell in at most 100 KB gzipped, everything it loads at start counted', () => {
    const assets = join(DIST, 'web', 'shell', 'assets');
    const files = [join(DIST, 'web', 'shell', 'index.html'), ...readdirSync(assets).map((name) => join(assets, name))];
    expect(gzipped(files)).toBeLessThanOrEqual(100 * 1024);
  });

  it('ship the SDK in at most 10 KB gzipped', () => {
    expect(gzipped([join(DIST, 'sdk', 'v1', 'superapp.js')])).toBeLessThanOrEqual(10 * 1024);
  });
});
