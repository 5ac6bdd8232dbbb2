import { describe, expect, it } from 'vitest';
import { scanBundle } from './index';

function findingsOf(code: string, path = 'js/app.js') {
  return scanBundle({ files: [{ path, content: code }], domains: ['https://api.citybikes.example'] }).findings;
}

function rulesOf(code: string, path?: string): string[] {
  return findingsOf(code, path).map((finding) => finding.ruleId);
}

describe('dynamic code: eval', () => {
  it('finds eval called directly', () => {
    expect(findingsOf('eval(input)')).toMatchObject([
      { ruleId: 'dynamic-code', severity: 'critical', line: 1, column: 1 },
    ]);
  });

  it('finds eval called indirectly through a comma expression', () => {
    expect(rulesOf('(0, eval)(input)')).toEqual(['dynamic-code']);
  });

  it.each(['window', 'self', 'globalThis', 'global', 'top', 'frames', 'window.window', 'document.defaultView'])(
    'finds eval reached through the global object named %s',
    (globalObject) => {
      expect(rulesOf(`${globalObject}.eval(input)`)).toContain('dynamic-code');
    },
  );

  it('finds eval reached through `this` at the top level of a classic script', () => {
    expect(rulesOf('this.eval(input)')).toEqual(['dynamic-code']);
  });

  it('does not take `this` inside a function for the global object', () => {
    expect(rulesOf('function F() { this.run(input) }')).toEqual([]);
  });

  it('finds eval and Function reached through a variable holding the global object, even through two aliases', () => {
    expect(rulesOf('const g = globalThis; const h = g; h.eval(input)')).toEqual(['dynamic-code']);
    expect(rulesOf("const g = globalThis; const h = g; new h.Function('x')")).toEqual(['dynamic-code']);
  });

  it('finds eval reached through a global object picked with a condition', () => {
    expect(rulesOf("var root = typeof window !== 'undefined' ? window : self; root.eval(input)")).toEqual([
      'dynamic-code',
    ]);
  });

  it('finds eval taken out of the global object by destructuring', () => {
    expect(findingsOf('const {eval: e} = window;\ne(input)')).toMatchObject([
      { ruleId: 'dynamic-code', line: 2, column: 1 },
    ]);
  });

  it('finds eval assigned to a variable, where it is called later', () => {
    const findings = findingsOf('let run; run = window.eval;\nrun(input)');
    expect(findings).toContainEqual(expect.objectContaining({ ruleId: 'dynamic-code', line: 2, column: 1 }));
  });

  it('finds eval reached through a computed name that folds to a constant', () => {
    expect(rulesOf("window['ev' + 'al'](input)")).toEqual(['dynamic-code']);
  });

  it('finds eval reached through a computed name built with String.fromCharCode', () => {
    expect(rulesOf('window[String.fromCharCode(101, 118, 97, 108)](input)')).toEqual(['dynamic-code']);
  });

  it('finds eval reached through a computed name decoded with atob', () => {
    expect(rulesOf("globalThis[atob('ZXZhbA==')](input)")).toEqual(['dynamic-code']);
  });

  it('finds eval reached through a computed name held in a constant, a template literal or a joined array', () => {
    expect(rulesOf("const k = 'ev'; self[`${k}al`](input)")).toEqual(['dynamic-code']);
    expect(rulesOf("self[['e', 'v', 'a', 'l'].join('')](input)")).toEqual(['dynamic-code']);
    expect(rulesOf("self['lave'.split('').reverse().join('')](input)")).toEqual(['dynamic-code']);
  });

  it('finds eval passed into an immediately invoked function as its parameter', () => {
    expect(rulesOf('(function (w) { w.eval(input) })(window)')).toEqual(['dynamic-code']);
  });

  it('finds eval called through Reflect.apply and through .call', () => {
    expect(rulesOf('Reflect.apply(eval, null, [input])')).toEqual(['dynamic-code']);
    expect(rulesOf('window.eval.call(null, input)')).toEqual(['dynamic-code']);
  });

  it('finds eval handed to other code as a value', () => {
    expect(findingsOf('register({ run: eval })')).toMatchObject([
      { ruleId: 'dynamic-code', message: expect.stringContaining('passed on as a value') },
    ]);
  });

  it('finds eval read from the global object under a name stored on the global object', () => {
    expect(rulesOf('window.g = window; g.eval(input)')).toEqual(['dynamic-code']);
  });

  it("finds eval inside a frame's window", () => {
    expect(rulesOf("document.querySelector('iframe').contentWindow.eval(input)")).toEqual(['dynamic-code']);
  });
});

describe('dynamic code: members named eval on objects the scanner can see', () => {
  it('accepts a local object literal calling its own eval method, as no-eval does', () => {
    expect(rulesOf('const parser = { eval(x) { return x * 2 } }; parser.eval(s)')).toEqual([]);
    expect(
      rulesOf(
        '(function () { var p = { eval: function (x) { return x }, execScript: (x) => x }; p.eval(s); p?.execScript(s) })()',
      ),
    ).toEqual([]);
  });

  it.each([
    ['holds the global eval as its member', 'const p = { eval: globalThis.eval }; p.eval(s)'],
    [
      'gets the global eval assigned to the member later',
      'const p = { eval(x) { return x } }; p.eval = window.eval; p.eval(s)',
    ],
    ['gets a member of unknown name written later', 'const p = { eval(x) { return x } }; p[key] = value; p.eval(s)'],
    [
      'is handed to code that may replace its members',
      'const p = { eval(x) { return x } }; Object.assign(p, source); p.eval(s)',
    ],
    ['is another name for the object elsewhere', 'const p = { eval(x) { return x } }; shared = p; p.eval(s)'],
    ['reads eval through a getter', 'const p = { get eval() { return lookup() } }; p.eval(s)'],
    ['spreads another object over its own method', 'const p = { eval(x) { return x }, ...other }; p.eval(s)'],
    ['is replaced by another value', 'let p = { eval(x) { return x } }; p = other; p.eval(s)'],
  ])('still finds a member named eval on an object that %s', (_case, code) => {
    expect(rulesOf(code)).toContain('dynamic-code');
  });
});

describe('dynamic code: unresolvable members of the global object', () => {
  it('reports a computed member of the global object whose name cannot be resolved statically', () => {
    expect(findingsOf('const name = location.hash.slice(1);\nwindow[name](input)')).toMatchObject([
      { ruleId: 'dynamic-global-access', severity: 'critical', line: 2, column: 1 },
    ]);
  });

  it('reports the same through an alias and through Reflect.get', () => {
    expect(rulesOf('const g = self; g[key]()')).toEqual(['dynamic-global-access']);
    expect(rulesOf('Reflect.get(globalThis, key)()')).toEqual(['dynamic-global-access']);
  });

  it('resolves Reflect.get with a constant name to the member it names', () => {
    expect(rulesOf("Reflect.get(window, 'ev' + 'al')(input)")).toEqual(['dynamic-code']);
  });

  it('does not report a symbol-keyed member of the global object, which names no API', () => {
    expect(
      rulesOf(
        "const KEY = Symbol.for('lib.context'); const g = typeof globalThis !== 'undefined' ? globalThis : {}; g[KEY] ??= new Map()",
      ),
    ).toEqual([]);
    expect(rulesOf('window[Symbol.iterator]')).toEqual([]);
  });

  it('does not take the parameter of a helper for the global object when the helper is also called with other values', () => {
    expect(rulesOf("function read(target, key) { return target[key] } read(window, 'x'); read(element, name)")).toEqual(
      [],
    );
  });

  it('does not report a computed member of an ordinary object', () => {
    expect(rulesOf('const table = {}; table[key] = 1; use(table[key])')).toEqual([]);
  });

  it('does not fold a name whose variable is reassigned', () => {
    expect(rulesOf("let k = 'ev'; k += 'al'; window[k](input)")).toEqual(['dynamic-global-access']);
  });

  it('gives up on a constant too large to build instead of building it', () => {
    const started = performance.now();
    expect(rulesOf("const big = 'a'.padEnd(5e8); window[big]()")).toEqual(['dynamic-global-access']);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('dynamic code: the Function constructor', () => {
  it.each([
    ['new Function', "new Function('a', 'return a')"],
    ['Function called without new', "Function('return this')()"],
    ['through the global object', "window.Function('x')()"],
    ['through a folded name on the global object', "self['Func' + 'tion']('x')()"],
    ['through constructor.constructor of any value', "x.constructor.constructor('alert(1)')()"],
    ['through the constructor of an arrow function', "(() => {}).constructor('alert(1)')()"],
    ['through the constructor of an async function', "(async function () {}).constructor('await 1')()"],
    ['through the constructor of a built-in method', "[].map.constructor('alert(1)')()"],
    ['through Function.prototype.constructor', "Function.prototype.constructor('x')()"],
    ['through a variable holding it', "const F = (() => {}).constructor; F('x')()"],
    ['through computed constructor names', "x['constr' + 'uctor']['constructor']('x')()"],
  ])('finds the Function constructor %s', (_form, code) => {
    expect(rulesOf(code)).toContain('dynamic-code');
  });

  it('does not report reading Function.prototype members', () => {
    expect(rulesOf('Function.prototype.toString.call(fn); x instanceof Function')).toEqual([]);
  });
});

describe('dynamic code: string timers', () => {
  it('finds a string given to setTimeout or setInterval', () => {
    expect(rulesOf("setTimeout('tick()', 10)")).toEqual(['dynamic-code']);
    expect(rulesOf('setInterval(`tick()`, 10)')).toEqual(['dynamic-code']);
    expect(rulesOf("setTimeout('ti' + name + '()', 10)")).toEqual(['dynamic-code']);
  });

  it('finds a string timer reached through the global object, an alias or .call', () => {
    expect(rulesOf("window.setTimeout('tick()', 10)")).toEqual(['dynamic-code']);
    expect(rulesOf("const later = self['setTime' + 'out']; later('tick()', 10)")).toEqual(['dynamic-code']);
    expect(rulesOf("setInterval.call(window, 'tick()', 10)")).toEqual(['dynamic-code']);
    expect(rulesOf("const code = 'tick()'; setTimeout(code, 10)")).toEqual(['dynamic-code']);
  });

  it('accepts a function given to a timer', () => {
    expect(
      rulesOf('setTimeout(() => tick(), 10); setInterval(tick, 10); window.setTimeout(function () {}, 0)'),
    ).toEqual([]);
  });
});

describe('dynamic code: markup written at run time', () => {
  it('finds document.write, which can carry a script tag past the scanner', () => {
    expect(rulesOf("document.write('<scr' + 'ipt src=x.js></scr' + 'ipt>')")).toEqual(['dynamic-code']);
    expect(rulesOf("const d = window.document; d['write' + 'ln'](markup)")).toEqual(['dynamic-code']);
  });
});

describe('dynamic code: imports', () => {
  it('finds import() and require() with a computed module name', () => {
    expect(findingsOf('import(name)')).toMatchObject([{ ruleId: 'dynamic-import', severity: 'critical' }]);
    expect(rulesOf("require('./mod-' + name)")).toEqual(['dynamic-import']);
    expect(rulesOf('var load = require; load(name)')).toEqual(['dynamic-import']);
  });

  it('finds a local require given a computed name, as bundlers pass it in', () => {
    expect(rulesOf('(function (require) { require(name) })(loader)')).toEqual(['dynamic-import']);
  });

  it('accepts import() and require() of a literal module inside the bundle', () => {
    expect(rulesOf("import('./chunk.js'); require('./util'); import(`./other.js`)")).toEqual([]);
  });

  it('finds code imported from outside the bundle', () => {
    expect(rulesOf("import('https://cdn.evil.example/x.js')")).toContain('dynamic-import');
    expect(rulesOf("import x from 'https://cdn.evil.example/x.js'", 'js/app.mjs')).toContain('dynamic-import');
  });
});

describe('scope resolution', () => {
  it('does not report a local variable that happens to share the name of a global', () => {
    expect(rulesOf('function get(fetch) { return fetch(1) } const eval2 = 1;')).toEqual([]);
    expect(rulesOf('{ let setTimeout = (code) => code; setTimeout("x") }')).toEqual([]);
  });

  it('still reports the global used outside the block that shadows it', () => {
    expect(rulesOf('{ let fetch = () => 1; fetch() } fetch("/x")')).toEqual(['network-outside-sdk']);
  });

  it('keeps following a global re-declared with var at the top of a classic script', () => {
    expect(rulesOf("var fetch; fetch('/x')")).toEqual(['network-outside-sdk']);
  });

  it('reports the global reached through a hoisted function that runs before its declaration', () => {
    expect(rulesOf('run(); function run() { w.eval(input) } var w = window;')).toEqual(['dynamic-code']);
  });
});
