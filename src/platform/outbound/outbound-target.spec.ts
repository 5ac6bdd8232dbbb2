import { describe, expect, it } from 'vitest';
import { checkTarget } from './outbound-target';

const declared = ['https://api.citybikes.example', 'http://127.0.0.1:8080'];

describe('where the platform may call a mini-app backend', () => {
  it.each([
    ['https://api.citybikes.example/stations?near=1', false],
    ['https://API.citybikes.example:443/x', false],
  ])('goes to a declared https origin: %s', (url, loopback) =>
    expect(checkTarget(url, declared, loopback)).toHaveProperty('url'),
  );

  it.each([
    ['https://api.citybikes.example.evil.example/x', 'domain-not-declared'],
    ['https://api.citybikes.example:8443/x', 'domain-not-declared'],
    ['https://user:pw@api.citybikes.example/x', 'invalid-url'],
    ['http://api.citybikes.example/x', 'https-required'],
    ['ftp://api.citybikes.example/x', 'https-required'],
    ['//api.citybikes.example/x', 'invalid-url'],
    ['http://127.0.0.1:8080/x', 'https-required'],
  ])('refuses %s (%s) where loopback is not allowed', (url, refusal) =>
    expect(checkTarget(url, declared, false)).toEqual({ refusal }),
  );

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
