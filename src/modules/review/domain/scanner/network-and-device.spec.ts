import { describe, expect, it } from 'vitest';
import { scanBundle } from './index';

function rulesOf(code: string): string[] {
  return scanBundle({
    files: [{ path: 'app.js', content: code }],
    domains: ['https://api.citybikes.example'],
  }).findings.map((f) => f.ruleId);
}

describe('network outside the SDK', () => {
  it.each([
    ['fetch', "fetch('/stations')"],
    ['XMLHttpRequest', "const xhr = new XMLHttpRequest(); xhr.open('GET', '/x')"],
    ['WebSocket', "new WebSocket('wss://socket.example')"],
    ['EventSource', "new EventSource('/events')"],
    ['navigator.sendBeacon', "navigator.sendBeacon('/collect', data)"],
    ['importScripts', "importScripts('worker-lib.js')"],
  ])('finds %s', (_api, code) => {
    expect(rulesOf(code)).toEqual(['network-outside-sdk']);
  });

  it.each([
    ['through the global object', "window.fetch('/x')"],
    ['through a folded name', "self['fet' + 'ch']('/x')"],
    ['through an alias of the global object', 'const g = globalThis; new g.XMLHttpRequest()'],
    ['through destructuring', "const { fetch: get } = window; get('/x')"],
    ['through a variable holding the API', "const send = navigator.sendBeacon.bind(navigator); send('/x', d)"],
    ['through an alias of navigator', "const nav = window.navigator; nav.sendBeacon('/x', d)"],
    ['through Reflect.construct', "Reflect.construct(WebSocket, ['wss://x.example'])"],
    ['as a value handed to other code', 'promise.then(fetch)'],
    ['on an unknown object under a name assembled at run time', "api['fe' + 'tch']('/x')"],
    ['through `this` of a function called without a receiver', "(function () { this.fetch('/x') })()"],
    [
      'through the global object returned by an immediately invoked function',
      "(function () { return this })().fetch('/x')",
    ],
    ['through the global object returned by a named function', "function root() { return window } root().fetch('/x')"],
    [
      'through the global object returned by an arrow function',
      "const root = () => globalThis; new (root().WebSocket)('wss://x.example')",
    ],
    ['through a frame of the page', "frames[0].fetch('/x')"],
    [
      'through the global object passed to a function of the program',
      "function send(g, url) { return g.fetch(url) } send(self, '/x')",
    ],
  ])('finds a network API reached %s', (_form, code) => {
    expect(rulesOf(code)).toContain('network-outside-sdk');
  });

  it('accepts checking whether an API exists without using it', () => {
    expect(rulesOf("if (typeof fetch === 'function' && 'WebSocket' in window) ready()")).toEqual([]);
  });

  it('accepts the SDK request call', () => {
    expect(rulesOf("superapp.request({ url: 'https://api.citybikes.example/stations', method: 'GET' })")).toEqual([]);
  });

  it('accepts a method named fetch on an object of the mini-app', () => {
    expect(rulesOf("const cache = createCache(); cache.fetch('key')")).toEqual([]);
  });
});

describe('device APIs outside the SDK', () => {
  it.each([
    'navigator.geolocation.getCurrentPosition(show)',
    'navigator.mediaDevices.getUserMedia({ video: true })',
    "navigator.contacts.select(['name'])",
    'showOpenFilePicker()',
    'window.showSaveFilePicker()',
    'self.showDirectoryPicker()',
    'const { geolocation } = navigator; geolocation.watchPosition(show)',
    "window['navi' + 'gator']['geo' + 'location'].getCurrentPosition(show)",
    '(function (n) { n.mediaDevices.enumerateDevices() })(navigator)',
  ])('finds %s', (code) => {
    expect(rulesOf(code)).toEqual(['device-outside-sdk']);
  });

  it('accepts the SDK calls that broker the device', () => {
    expect(rulesOf('superapp.getLocation({ precise: true }).then(show); superapp.openCamera()')).toEqual([]);
  });

  it('accepts other members of navigator', () => {
    expect(rulesOf('const lang = navigator.language; navigator.userAgent')).toEqual([]);
  });
});
