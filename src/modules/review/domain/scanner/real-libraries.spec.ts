import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanBundle } from './index';

function libraryFile(relativePath: string): { path: string; content: string } {
  return { path: relativePath, content: readFileSync(join(process.cwd(), 'node_modules', relativePath), 'utf8') };
}

describe('real minified libraries', () => {
  // Chosen because they do nothing a mini-app may not: no eval or Function, no network, no
  // storage, no device API. class-validator's bundle includes validator.js; meriyah and luxon
  // are pure computation; libphonenumber-js packs its metadata into long strings (warnings only).
  it.each([
    'class-validator/bundles/class-validator.umd.min.js',
    'meriyah/dist/meriyah.umd.min.js',
    'luxon/build/global/luxon.min.js',
    'libphonenumber-js/bundle/libphonenumber-js.min.js',
  ])('raises no critical finding on %s', (relativePath) => {
    const { findings } = scanBundle({ files: [libraryFile(relativePath)], domains: [] });
    expect(findings.filter((finding) => finding.severity === 'critical')).toEqual([]);
  });

  // rxjs really does talk to the network (ajax, fromFetch, webSocket) and reads the XSRF cookie:
  // those, and nothing else, are what a mini-app shipping it must be refused for.
  it('raises on rxjs exactly the network and cookie uses that it has', () => {
    const { findings } = scanBundle({ files: [libraryFile('rxjs/dist/bundles/rxjs.umd.min.js')], domains: [] });
    const critical = findings
      .filter((finding) => finding.severity === 'critical')
      .map((finding) => finding.message.split(',')[0]);
    expect(critical.sort()).toEqual([
      'uses WebSocket',
      'uses XMLHttpRequest',
      'uses document.cookie (use superapp.storage)',
      'uses fetch',
    ]);
  });
});
