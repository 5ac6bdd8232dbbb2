import { describe, expect, it } from 'vitest';
import { scanBundle } from './index';

function rulesOf(code: string): string[] {
  return scanBundle({
    files: [{ path: 'app.js', content: code }],
    domains: ['https://api.citybikes.example'],
  }).findings.map((f) => f.ruleId);
}

describe('the private API of the host', () => {
  it.each([
    ['superapp.internal', 'superapp.internal.grant()'],
    ['superapp.internal through an alias of superapp', 'const s = superapp; s.internal.grant()'],
    ['superapp.internal through the global object', 'window.superapp.internal'],
    ['superapp.internal by a folded name', "superapp['inter' + 'nal']"],
    ['superapp.internal by destructuring', 'const { internal } = superapp'],
    ['a member of superapp with a name computed at run time', 'superapp[name]()'],
    ['an identifier starting with __superapp', 'var __superappBridge = 1'],
    ['a property name starting with __superapp', 'window.__superapp_bridge.send()'],
    ['a string naming a __superapp property', "if ('__superapp_bridge' in window) go()"],
    ['a __superapp name assembled at run time', "window['__super' + 'app_bridge']"],
    ['document.cookie', 'const c = document.cookie'],
    ['document.cookie by a folded name', "document['coo' + 'kie'] = 'a=1'"],
    ['localStorage', "localStorage.setItem('a', 1)"],
    ['sessionStorage through the global object', 'window.sessionStorage.clear()'],
    ['indexedDB', "indexedDB.open('db')"],
    ['parent as a global', 'parent.location'],
    ['top through window', 'window.top.location'],
    ['opener', 'opener.focus()'],
  ])('finds %s', (_what, code) => {
    expect(rulesOf(code)).toContain('host-private-api');
  });

  it("finds postMessage with the target origin '*', also through an options object or a folded string", () => {
    expect(rulesOf("otherWindow.postMessage(data, '*')")).toEqual(['host-private-api']);
    expect(rulesOf("frame.contentWindow.postMessage(data, { targetOrigin: '*' })")).toEqual(['host-private-api']);
    expect(rulesOf("const anyone = '*'; worker.postMessage(data, anyone)")).toEqual(['host-private-api']);
  });

  it('accepts postMessage to a named origin', () => {
    expect(rulesOf("otherWindow.postMessage(data, 'https://api.citybikes.example')")).toEqual([]);
  });

  it('accepts the documented SDK calls and storage', () => {
    expect(
      rulesOf("superapp.login(); superapp.storage.set('k', 1); superapp.getSetting(); superapp.reportLoadTime(12)"),
    ).toEqual([]);
  });

  it('accepts a variable of the mini-app named like a host global', () => {
    expect(rulesOf('function f(localStorage, top) { return localStorage.get(top) }')).toEqual([]);
  });
});
