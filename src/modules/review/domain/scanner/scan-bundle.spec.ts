import { describe, expect, it } from 'vitest';
import { scanBundle } from './index';

describe('scanning a bundle', () => {
  it('reports a file that does not parse as a critical finding at the location the parser gives', () => {
    const { findings } = scanBundle({
      files: [{ path: 'js/app.js', content: 'const ok = 1;\nconst broken = {a: 1,,};\n' }],
      domains: [],
    });
    expect(findings).toEqual([
      {
        ruleId: 'parse-error',
        severity: 'critical',
        file: 'js/app.js',
        line: 2,
        column: 22,
        snippet: 'const broken = {a: 1,,};',
        message: expect.stringContaining('does not parse'),
      },
    ]);
  });

  it('reports code nested too deeply to analyse instead of failing', () => {
    const deep = `${'['.repeat(60_000)}${']'.repeat(60_000)}`;
    expect(scanBundle({ files: [{ path: 'deep.js', content: deep }], domains: [] }).findings).toMatchObject([
      { ruleId: 'parse-error', severity: 'critical' },
    ]);
  });

  it('parses a .js file that uses module syntax as a module, and a .mjs file as a module', () => {
    const files = [
      { path: 'js/a.js', content: "import { x } from './b.js'; export const y = x; fetch('/y')" },
      { path: 'js/b.mjs', content: 'export const x = await superapp.getLocation()' },
    ];
    expect(scanBundle({ files, domains: [] }).findings.map((f) => [f.file, f.ruleId])).toEqual([
      ['js/a.js', 'network-outside-sdk'],
    ]);
  });

  it('scans only JavaScript and HTML files', () => {
    const files = [
      { path: 'data/stations.json', content: '{"code": "eval(1)"}' },
      { path: 'README.txt', content: 'fetch("/x")' },
      { path: 'js/app.JS', content: 'eval(1)' },
    ];
    expect(scanBundle({ files, domains: [] }).findings.map((f) => f.file)).toEqual(['js/app.JS']);
  });

  it('sorts findings by file, line and column', () => {
    const files = [
      { path: 'js/z.js', content: 'eval(a)' },
      { path: 'js/a.js', content: 'x();\nfetch(b); eval(c)\neval(d)' },
    ];
    expect(scanBundle({ files, domains: [] }).findings.map((f) => `${f.file}:${f.line}:${f.column}`)).toEqual([
      'js/a.js:2:1',
      'js/a.js:2:11',
      'js/a.js:3:1',
      'js/z.js:1:1',
    ]);
  });

  it('gives as snippet the trimmed source line, cut to 200 characters around the finding on a long line', () => {
    const padding = 'a=1;'.repeat(200);
    const [short] = scanBundle({ files: [{ path: 'a.js', content: '   \t eval(x)   \n' }], domains: [] }).findings;
    expect(short.snippet).toBe('eval(x)');
    const [long] = scanBundle({
      files: [{ path: 'b.js', content: `${padding}eval(x);${padding}` }],
      domains: [],
    }).findings;
    expect(long.snippet.length).toBeLessThanOrEqual(200);
    expect(long.snippet).toContain('eval(x)');
    expect(long.column).toBe(padding.length + 1);
  });

  it('lists the SDK scopes the code calls, sorted and unique, through aliases and from every file', () => {
    const files = [
      {
        path: 'js/a.js',
        content: 'superapp.getLocation(); const s = superapp; s.requestPayment({ orderId }); superapp.getLocation()',
      },
      { path: 'js/b.js', content: 'const { chooseContact } = window.superapp; chooseContact()' },
      {
        path: 'index.html',
        content:
          '<script>superapp.getUserProfile().then(show)</script><button onclick="superapp.openCamera()">x</button>',
      },
    ];
    expect(scanBundle({ files, domains: [] }).usedScopes).toEqual([
      'camera',
      'contacts',
      'location',
      'payments',
      'user.profile',
    ]);
  });

  it('lists the wallet scopes for the wallet calls, nested ones included, through aliases', () => {
    const code = [
      'const balances = await superapp.wallet.getBalances();',
      'const { wallet } = superapp; wallet.getStatement({ cursor });',
      "await superapp.requestTopUp({ amount: 2000, currency: 'EUR' });",
    ].join('\n');
    expect(scanBundle({ files: [{ path: 'app.mjs', content: code }], domains: [] }).usedScopes).toEqual([
      'wallet.read',
      'wallet.transfer',
    ]);
    expect(
      scanBundle({
        files: [{ path: 'a.js', content: 'const s = superapp; s.requestTransfer({ to, amount, currency })' }],
        domains: [],
      }).usedScopes,
    ).toEqual(['wallet.transfer']);
    expect(
      scanBundle({ files: [{ path: 'a.js', content: 'superapp.wallet; superapp.storage.get("k")' }], domains: [] })
        .usedScopes,
    ).toEqual([]);
  });

  it('needs no scope for the SDK calls that need none, and reports nothing for legitimate SDK use', () => {
    const code = [
      'const code = await superapp.login();',
      "const stations = await superapp.request({ url: 'https://api.citybikes.example/stations', method: 'GET' });",
      "await superapp.storage.set('last', stations[0].id);",
      'const { granted } = await superapp.getSetting();',
      'superapp.reportLoadTime(performance.now());',
      'setTimeout(() => render(stations), 0);',
    ].join('\n');
    const result = scanBundle({
      files: [{ path: 'app.mjs', content: code }],
      domains: ['https://api.citybikes.example'],
    });
    expect(result).toEqual({ findings: [], usedScopes: [] });
  });
});
