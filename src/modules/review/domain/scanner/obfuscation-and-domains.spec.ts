import { describe, expect, it } from 'vitest';
import { scanBundle } from './index';

function findingsOf(code: string) {
  return scanBundle({
    files: [{ path: 'app.js', content: code }],
    domains: ['https://api.citybikes.example', 'http://plain.example'],
  }).findings;
}

function rulesOf(code: string): string[] {
  return findingsOf(code).map((f) => f.ruleId);
}

/** A deterministic string using all 64 base64 characters evenly: 6 bits per character. */
function base64Like(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let text = '';
  for (let i = 0; i < length; i++) text += alphabet[(i * 37) % 64];
  return text;
}

describe('obfuscation', () => {
  it('warns about a string literal longer than 2,000 characters', () => {
    expect(findingsOf(`const blob = "${'a'.repeat(2_001)}"`)).toMatchObject([
      { ruleId: 'obfuscation', severity: 'warning', column: 14 },
    ]);
    expect(rulesOf(`const blob = "${'a'.repeat(2_000)}"`)).toEqual([]);
  });

  it('warns about a string of 200 characters or more with high entropy', () => {
    expect(rulesOf(`const packed = '${base64Like(256)}'`)).toEqual(['obfuscation']);
    expect(rulesOf(`const packed = \`${base64Like(256)}\``)).toEqual(['obfuscation']);
  });

  it('accepts long prose and short random strings', () => {
    const prose = 'The quick brown fox jumps over the lazy dog while the station map refreshes. '.repeat(3);
    expect(rulesOf(`const text = '${prose}'; const id = '${base64Like(150)}'`)).toEqual([]);
  });

  it('warns about an identifier written with unicode escapes, and still sees through it', () => {
    expect(rulesOf('\\u0065val(input)').sort()).toEqual(['dynamic-code', 'obfuscation']);
    expect(rulesOf('var n\\u0061me = 1')).toEqual(['obfuscation']);
    expect(rulesOf('window.\\u0066etch("/x")').sort()).toEqual(['network-outside-sdk', 'obfuscation']);
  });

  it('warns about nested or concatenated String.fromCharCode / atob, once per expression', () => {
    expect(rulesOf("const s = atob(atob('WVdKag=='))")).toEqual(['obfuscation']);
    expect(rulesOf('const s = String.fromCharCode(104, 105) + String.fromCharCode(33)')).toEqual(['obfuscation']);
    expect(rulesOf("const s = atob(String.fromCharCode.apply(null, codes)).split('').reverse().join('')")).toEqual([
      'obfuscation',
    ]);
    expect(rulesOf("const s = [atob(a), window.atob(b), atob(c)].join('')")).toEqual(['obfuscation']);
  });

  it('accepts a single decoding step, and separate ones', () => {
    expect(rulesOf('const s = atob(data); const t = String.fromCharCode(code); log(atob(a), atob(b))')).toEqual([]);
  });
});

describe('undeclared domains', () => {
  it("warns about an http(s) URL literal whose origin is not among the manifest's domains", () => {
    expect(findingsOf("const api = 'https://tracker.example/collect'")).toMatchObject([
      { ruleId: 'undeclared-domain', severity: 'warning', message: expect.stringContaining('https://tracker.example') },
    ]);
  });

  it('accepts URLs on a declared https origin, and relative URLs', () => {
    expect(
      rulesOf("const a = 'https://api.citybikes.example/stations?x=1'; const b = '/stations'; const c = 'img/a.png'"),
    ).toEqual([]);
  });

  it('counts only https origins as declared', () => {
    expect(rulesOf("const a = 'http://api.citybikes.example/x'; const b = 'http://plain.example/'")).toEqual([
      'undeclared-domain',
      'undeclared-domain',
    ]);
  });

  it('sees the origin in a template literal before its first interpolation', () => {
    expect(rulesOf('const u = `https://tracker.example/u/${id}`')).toEqual(['undeclared-domain']);
    expect(rulesOf('const u = `https://api.citybikes.example/u/${id}`')).toEqual([]);
  });

  it('is not fooled by credentials in front of the host', () => {
    expect(rulesOf("const u = 'https://api.citybikes.example@tracker.example/'")).toEqual(['undeclared-domain']);
  });

  it('accepts XML namespace names', () => {
    expect(rulesOf("document.createElementNS('http://www.w3.org/2000/svg', 'svg')")).toEqual([]);
  });
});
