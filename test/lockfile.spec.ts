import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Lockfile, missingOptionalEntries } from '../scripts/complete-lockfile';

describe('package-lock.json', () => {
  it('describes every optional platform package, so that `npm ci` accepts it on a fresh clone', () => {
    const lock = JSON.parse(readFileSync(join(__dirname, '..', 'package-lock.json'), 'utf8')) as Lockfile;
    expect(Object.keys(missingOptionalEntries(lock)), 'run `npm run lockfile:complete` after `npm install`').toEqual(
      [],
    );
  });

  it('spots an optional platform package the lock file does not describe', () => {
    const lock: Lockfile = {
      packages: { '': {}, 'node_modules/tool': { optionalDependencies: { 'tool-darwin-arm64': '1.0.0' } } },
    };
    expect(missingOptionalEntries(lock)).toEqual({
      'node_modules/tool-darwin-arm64': { version: '1.0.0', optional: true, os: ['darwin'], cpu: ['arm64'] },
    });
  });
});
