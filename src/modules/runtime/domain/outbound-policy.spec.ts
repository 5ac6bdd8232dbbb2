import { describe, expect, it } from 'vitest';
import { forwardableRequestHeaders, isTextual, methodAfterRedirect, visibleResponseHeaders } from './outbound-policy';

describe('what the proxy forwards', () => {
  it("drops credentials, hop-by-hop and forwarding headers, and the platform's own namespace", () => {
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
    expect(
      visibleResponseHeaders({
        'set-cookie': ['a=1'],
        'content-type': 'text/plain',
        vary: ['a', 'b'],
        connection: 'keep-alive',
      }),
    ).toEqual({ 'content-type': 'text/plain', vary: 'a, b' });
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
