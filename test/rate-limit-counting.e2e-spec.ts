import Redis from 'ioredis';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { afterAll, describe, expect, it } from 'vitest';
import { BatchedThrottlerStorage } from '../src/platform/http/rate-limit/batched-throttler-storage';
import { deleteRedisKeys } from './support/redis-keys';
import { uniqueName } from './support/test-app';
import { waitFor } from './support/wait-for';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const MINUTE = 60_000;
/** The exact policy's storage; these tests only use the batched one. */
const unused: ThrottlerStorage = { increment: () => Promise.reject(new Error('the exact storage was asked')) };

describe('rate limits counted in batches', () => {
  const prefix = `${uniqueName()}:`;
  const clients: Redis[] = [];
  const instance = (url = REDIS_URL) => {
    // An unreachable Redis fails at once (no offline queue, no retries); the real one queues commands until it is connected.
    const reachable = url === REDIS_URL;
    const redis = new Redis(url, { keyPrefix: prefix, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: reachable, lazyConnect: !reachable });
    redis.on('error', () => undefined);
    clients.push(redis);
    // Reports only when a test flushes: what each instance knows is then up to the test, not to a timer.
    return new BatchedThrottlerStorage(redis, new Set(['default']), unused, 10 * MINUTE);
  };
  const hit = (storage: BatchedThrottlerStorage, caller: string, limit = 3, ttl = MINUTE, block = ttl) => storage.increment(caller, ttl, limit, block, 'default');

  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await deleteRedisKeys(REDIS_URL, prefix);
  });

  it('count one instance exactly: the hit past the limit is blocked until the window ends', async () => {
    const storage = instance();
    const answers = [];
    for (let n = 0; n < 4; n++) answers.push(await hit(storage, 'user:a'));
    expect(answers.map((a) => a.isBlocked)).toEqual([false, false, false, true]);
    expect(answers[3]).toMatchObject({ totalHits: 4, timeToBlockExpire: 60 });
  });

  it('share one budget across instances once they have exchanged counts', async () => {
    const [first, second] = [instance(), instance()];
    await hit(first, 'user:b');
    await hit(first, 'user:b');
    await first.flush();
    await hit(second, 'user:b');
    await second.flush();

    expect(await hit(second, 'user:b')).toMatchObject({ totalHits: 4, isBlocked: true });
    // The first has not heard of the second's hits: it admits what it was told was left, and learns the rest when it sends.
    expect(await hit(first, 'user:b')).toMatchObject({ totalHits: 3, isBlocked: false });
    await first.flush();
    expect(await hit(first, 'user:b')).toMatchObject({ totalHits: 5, isBlocked: true });
  });

  it("block a caller over the limit for the policy's block duration, which may outlast the window", async () => {
    const storage = instance();
    await hit(storage, 'user:e', 1, MINUTE, 2 * MINUTE);
    expect(await hit(storage, 'user:e', 1, MINUTE, 2 * MINUTE)).toMatchObject({ isBlocked: true, timeToExpire: 60, timeToBlockExpire: 120 });
  });

  it('keep counting per instance when Redis does not answer', async () => {
    const storage = instance('redis://127.0.0.1:1');
    for (let n = 0; n < 3; n++) await hit(storage, 'user:c');
    await storage.flush();
    expect(await hit(storage, 'user:c')).toMatchObject({ totalHits: 4, isBlocked: true });
  });

  it('open a new window when the old one ends', async () => {
    const storage = instance();
    for (let n = 0; n < 3; n++) await hit(storage, 'user:d', 2, 300);
    expect((await hit(storage, 'user:d', 2, 300)).isBlocked).toBe(true);
    await storage.flush();
    await waitFor(async () => !(await hit(storage, 'user:d', 2, 300)).isBlocked, 3_000, 50);
  });
});
