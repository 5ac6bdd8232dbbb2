import { describe, expect, it } from 'vitest';
import { scanBundle } from './index';

const DOMAINS = ['https://api.citybikes.example', 'https://cdn.citybikes.example'];

function findingsOf(html: string, path = 'index.html') {
  return scanBundle({ files: [{ path, content: html }], domains: DOMAINS }).findings;
}

function rulesOf(html: string): string[] {
  return findingsOf(html).map((f) => f.ruleId);
}

describe('inline scripts', () => {
  it('scans an inline script and reports lines and columns of the HTML file', () => {
    const html = [
      '<!doctype html>',
      '<html><body>',
      '<script>',
      '  const ready = true;',
      '    fetch("/stations");',
      '</script>',
      '</body></html>',
    ].join('\n');
    expect(findingsOf(html)).toMatchObject([
      { ruleId: 'network-outside-sdk', file: 'index.html', line: 5, column: 5, snippet: 'fetch("/stations");' },
    ]);
  });

  it('reports a column inside the line when the script starts mid-line', () => {
    expect(findingsOf('<p>hi</p><script>eval(x)</script>')).toMatchObject([
      { ruleId: 'dynamic-code', line: 1, column: 18 },
    ]);
  });

  it('scans every inline script of a file, in .htm files too, whatever the case of the tag', () => {
    const html = '<SCRIPT>eval(a)</SCRIPT>\n<script type="text/javascript">new Function(b)</script>';
    expect(findingsOf(html, 'pages/help.htm').map((f) => [f.ruleId, f.line])).toEqual([
      ['dynamic-code', 1],
      ['dynamic-code', 2],
    ]);
  });

  it('parses an inline module script as a module', () => {
    expect(rulesOf('<script type="module">import { a } from "./a.js"; a(); fetch("/x")</script>')).toEqual([
      'network-outside-sdk',
    ]);
  });

  it('does not run data blocks as code', () => {
    expect(
      rulesOf(
        '<script type="application/json">{"eval": "fetch()"}</script><script type="text/template"><div>{{x}}</div></script>',
      ),
    ).toEqual([]);
  });

  it('reports an inline script that does not parse, at the place of the error in the HTML file', () => {
    expect(findingsOf('<html>\n<script>\nconst a = (1;\n</script>')).toMatchObject([
      { ruleId: 'parse-error', severity: 'critical', line: 3, column: 13 },
    ]);
  });

  it('ignores scripts inside HTML comments', () => {
    expect(rulesOf('<!-- <script>eval(x)</script> <script src="https://evil.example/x.js"></script> -->')).toEqual([]);
  });

  it('scans event handler attributes and javascript: URLs as code, even behind character references', () => {
    expect(findingsOf('<button onclick="eval(this.value)">go</button>')).toMatchObject([
      { ruleId: 'dynamic-code', line: 1, column: 18 },
    ]);
    expect(rulesOf('<a href="javascript:fetch(\'/x\')">x</a>')).toEqual(['network-outside-sdk']);
    expect(rulesOf('<a href="java&#x09;script&colon;fetch(\'/x\')">x</a>')).toEqual(['network-outside-sdk']);
    expect(rulesOf('<img src="a.png" onerror="document[&quot;coo&quot; + &quot;kie&quot;]">')).toEqual([
      'host-private-api',
    ]);
  });

  it('scans the document of a frame given inline in srcdoc', () => {
    expect(
      rulesOf(
        '<iframe srcdoc="&lt;script&gt;fetch(1)&lt;/script&gt;&lt;img src=https://evil.example/p.gif&gt;"></iframe>',
      ).sort(),
    ).toEqual(['external-resource', 'network-outside-sdk']);
  });
});

describe('external resources in HTML', () => {
  it.each([
    ['<script src>', '<script src="https://evil.example/lib.js"></script>'],
    ['<iframe src>', '<iframe src="https://evil.example/frame"></iframe>'],
    ['<link href>', '<link rel="stylesheet" href="https://evil.example/style.css">'],
    ['<img src>', '<img src="https://evil.example/pixel.gif">'],
    ['<form action>', '<form action="https://evil.example/collect" method="post"></form>'],
    ['a protocol-relative URL', '<script src="//evil.example/lib.js"></script>'],
    ['a URL hidden behind character references', '<img src="https&#58;//evil.example/pixel.gif">'],
    ['an unquoted, upper-case attribute', '<IMG SRC=https://evil.example/pixel.gif>'],
    ['an image candidate in srcset', '<img src="a.png" srcset="a2.png 2x, https://evil.example/a3.png 3x">'],
    ['a plain-http URL on a declared host', '<img src="http://api.citybikes.example/a.png">'],
    ['a url() in a style element', '<style>body { background: url("https://evil.example/bg.png") }</style>'],
    ['a data: URL as script source', '<script src="data:text/javascript,fetch(1)"></script>'],
    ['a url() in a style attribute', '<div style="background-image: url(https://evil.example/bg.png)"></div>'],
    ['a <base href> that moves every relative URL', '<base href="https://evil.example/">'],
  ])('reports %s outside the declared domains', (_what, html) => {
    expect(findingsOf(html)).toMatchObject([{ ruleId: 'external-resource', severity: 'critical' }]);
  });

  it('points at the URL in the file', () => {
    expect(findingsOf('<html>\n  <img alt="x" src="https://evil.example/p.gif">')).toMatchObject([
      { line: 2, column: 21, snippet: '<img alt="x" src="https://evil.example/p.gif">' },
    ]);
  });

  it('accepts relative paths and URLs on the declared https origins', () => {
    const html = [
      '<script src="js/app.js"></script>',
      '<script src="/js/vendor.js"></script>',
      '<link rel="stylesheet" href="css/app.css">',
      '<img src="https://cdn.citybikes.example/logo.png">',
      '<form action="https://api.citybikes.example/feedback"></form>',
      '<iframe src="help.html"></iframe>',
      '<a href="https://elsewhere.example/">a link is not a load</a>',
    ].join('\n');
    expect(rulesOf(html)).toEqual([]);
  });
});
