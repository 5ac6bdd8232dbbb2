import { describe, expect, it } from 'vitest';
import { VerifiedTokenCache } from './verified-token-cache';

const user = (id: string) => ({ id, roles: ['user' as const], tokenId: `jti-${id}`, expiresAt: 0 });

describe('verified-token cache', () => {
  it('answers for a token until its expiry, and not from then on', () => {
    const cache = new VerifiedTokenCache();
    cache.set('token-a', user('a'), 1_000);
    expect(cache.get('token-a', 999_999)?.id).toBe('a');
    expect(cache.get('token-a', 1_000_000)).toBeUndefined();
  });

  it('knows only the exact token string it verified', () => {
    const cache = new VerifiedTokenCache();
    cache.set('token-a', user('a'), 2_000_000_000);
    expect(cache.get('token-a ')).toBeUndefined();
    expect(cache.get('token-A')).toBeUndefined();
  });

  it('forgets the oldest token when full', () => {
    const cache = new VerifiedTokenCache(2);
    cache.set('one', user('1'), 2_000_000_000);
    cache.set('two', user('2'), 2_000_000_000);
    cache.set('three', user('3'), 2_000_000_000);
    expect(cache.get('one')).toBeUndefined();
    expect(cache.get('three')?.id).toBe('3');
  });
});
