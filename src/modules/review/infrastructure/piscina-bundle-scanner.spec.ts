import { afterAll, describe, expect, it } from 'vitest';
import type { PlatformConfig } from '../../../platform/config/app-config';
import { scanBundle } from '../domain/scanner';
import { PiscinaBundleScanner } from './piscina-bundle-scanner';

const FILES = {
  'index.html': '<!doctype html><script src="app.js"></script><img src="https://cdn.example/x.png">',
  'app.js': "superapp.getLocation();\nconst w = window;\nw['ev' + 'al']('1');\n",
  'lib/net.js': "fetch('/x');\nnew WebSocket('wss://x.example');\n",
  'lib/clean.js': 'export const add = (a, b) => a + b;\n',
  'style.css': 'body { background: url(https://cdn.example/bg.png) }',
};
const files = () =>
  Object.entries(FILES).map(([path, text]) => ({
    path,
    bytes: Buffer.from(text.repeat(path === 'lib/clean.js' ? 2_000 : 1)),
  }));

describe('the scanner in worker threads', () => {
  const scanner = new PiscinaBundleScanner({ REVIEW_SCAN_THREADS: 2 } as PlatformConfig);
  afterAll(() => scanner.onApplicationShutdown());

  it(
    'finds, with the bundle spread over two threads, exactly what one scan of the whole bundle finds',
    { timeout: 60_000 },
    async () => {
      const expected = scanBundle({
        files: files().map(({ path, bytes }) => ({ path, content: bytes.toString('utf8') })),
        domains: ['https://api.citybikes.example'],
      });
      expect(expected.findings.length).toBeGreaterThan(3);
      expect(await scanner.scan(files(), ['https://api.citybikes.example'])).toEqual(expected);
    },
  );
});
