import { describe, expect, it } from 'vitest';
import { judgeNodeVersion } from './node-version';

describe('the Node.js version the platform runs on', () => {
  it('accepts any release of Node 24', () => {
    expect(judgeNodeVersion('v24.11.0')).toEqual({ ok: true });
    expect(judgeNodeVersion('24.21.3')).toEqual({ ok: true });
  });

  it('refuses an older Node with one line that says how to run on 24', () => {
    const verdict = judgeNodeVersion('v20.20.2');
    expect(verdict).toMatchObject({ ok: false, fatal: true });
    expect(!verdict.ok && verdict.message).toMatch(/needs Node\.js 24; this is v20\.20\.2: run it through npm/);
  });

  it('runs on a newer Node, with a warning that it is untested', () => {
    expect(judgeNodeVersion('v26.1.0')).toMatchObject({
      ok: false,
      fatal: false,
      message: expect.stringContaining('untested'),
    });
  });
});
