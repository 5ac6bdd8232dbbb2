import { describe, expect, it } from 'vitest';
import { checkTarget, forwardableRequestHeaders, isTextual, methodAfterRedirect, visibleResponseHeaders } from './outbound-policy';

const declared = ['https://api.citybikes.example', 'http://127.0.0.1:8080'];

describe('where the proxy may go', () => {
  it.each([
    ['https://api.citybikes.example/stations?near=1', false],
    ['https://API.citybikes.example:443/x', false],
  ])('goes to a declared https origin: %s', (url, loopback) => expect(checkTarget(url, declared, loopback)).toHaveProperty('url'));

  it.each([
    ['https://api.citybikes.example.evil.example/x', 'domain-not-declared'],
    ['https://api.citybikes.example:8443/x', 'domain-not-declared'],
    ['https://user:pw@api.citybikes.example/x', 'invalid-url'],
    ['http://api.citybikes.example/x', 'https-required'],
    ['ftp://api.citybikes.example/x', 'https-required'],
    ['//api.citybikes.example/x', 'invalid-url'],
    ['http://127.0.0.1:8080/x', 'https-required'],
  ])('refuses %s (%s) where loopback is not allowed', (url, refusal) => expect(checkTarget(url, declared, false)).toEqual({ refusal }));

  it('allows plain http only to a declared loopback origin, where loopback is allowed', () => {
    expect(checkTarget('http://127.0.0.1:8080/x', declared, true)).toHaveProperty('url');
    expect(checkTarget('http://127.0.0.1:9999/x', declared, true)).toEqual({ refusal: 'domain-not-declared' });
    expect(checkTarget('http://api.citybikes.example/x', declared, true)).toEqual({ refusal: 'https-required' });
  });

  it('leaves the fragment behind, as a browser does, so the signed URL is the one the backend receives', () => {
    const target = checkTarget('https://api.citybikes.example/stations?near=1#top', declared, false);
    expect('url' in target && target.url.href).toBe('https://api.citybikes.example/stations?near=1');
  });
});

describe('what the proxy forwards', () => {
  it('drops credentials, hop-by-hop and forwarding headers, and the platform\'s own namespace', () => {
    const kept = forwardableRequestHeaders({
      Cookie: 'a=1',
      Authorization: 'Bearer x',
      'Proxy-Authorization': 'x',
      Connection: 'close',
      'Transfer-Encoding': 'chunked',
      Host: 'evil.example',
      'X-Forwarded-For': '1.2.3.4',
      'X-Superapp-Openid': 'forged',
      'X-Superapp-Signature': 'forged',
      'Accept-Encoding': 'gzip',
      'Content-Type': 'application/json',
      'X-App-Session': 's1',
    });
    expect(kept).toEqual({ 'content-type': 'application/json', 'x-app-session': 's1' });
  });

  it('shows the mini-app no cookies from its backend', () => {
    expect(visibleResponseHeaders({ 'set-cookie': ['a=1'], 'content-type': 'text/plain', vary: ['a', 'b'], connection: 'keep-alive' })).toEqual({ 'content-type': 'text/plain', vary: 'a, b' });
  });

  it('turns a 303, and a 301 or 302 after a POST, into a GET, as browsers do', () => {
    expect(methodAfterRedirect(303, 'PUT')).toBe('GET');
    expect(methodAfterRedirect(302, 'POST')).toBe('GET');
    expect(methodAfterRedirect(307, 'POST')).toBe('POST');
    expect(methodAfterRedirect(301, 'DELETE')).toBe('DELETE');
    expect(methodAfterRedirect(303, 'HEAD')).toBe('HEAD');
  });

  it.each([
    ['application/json; charset=utf-8', true],
    ['application/problem+json', true],
    ['text/html', true],
    ['image/svg+xml', true],
    ['image/png', false],
    ['application/octet-stream', false],
    [undefined, false],
  ])('sends a %s body back as text: %s', (type, textual) => expect(isTextual(type)).toBe(textual));
});
