import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { RevokedSubjects } from '../src/platform/auth/revoked-subjects';
import type { PlatformConfig } from '../src/platform/config/app-config';
import { deleteRedisKeys, TEST_REDIS_URL } from './support/redis-keys';
import { waitFor } from './support/wait-for';

/** Two processes of the platform, as far as revocations go: each with its own connection to one Redis and one key prefix. */
describe('revoked subjects: access tokens that stop working before they expire', () => {
  const prefix = `test-revoked-${randomUUID().slice(0, 8)}:`;
  const config = { REDIS_KEY_PREFIX: prefix, ACCESS_TOKEN_TTL_SECONDS: 900 } as PlatformConfig;
  const opened: Array<{ redis: Redis; subjects: RevokedSubjects }> = [];

  async function process(): Promise<RevokedSubjects> {
    const redis = new Redis(TEST_REDIS_URL, { keyPrefix: prefix });
    const subjects = new RevokedSubjects(config, redis);
    await subjects.onModuleInit();
    opened.push({ redis, subjects });
    return subjects;
  }

  afterAll(async () => {
    for (const { redis, subjects } of opened) {
      await subjects.onApplicationShutdown();
      redis.disconnect();
    }
    await deleteRedisKeys(TEST_REDIS_URL, prefix);
  });

  it('refuses a revoked user at once in the process that revoked, and soon in every other', async () => {
    const [first, second] = [await process(), await process()];
    const userId = randomUUID();
    expect(second.isRevoked(userId)).toBe(false);
    await first.revoke(userId);
    expect(first.isRevoked(userId)).toBe(true);
    await waitFor(() => second.isRevoked(userId) || undefined, 5_000);
    expect(second.isRevoked(randomUUID())).toBe(false);
  });

  it('tells a process that starts later what was revoked before it', async () => {
    const userId = randomUUID();
    await (await process()).revoke(userId);
    expect((await process()).isRevoked(userId)).toBe(true);
  });

  it('lets the revocation lapse once every token issued before it has expired', async () => {
    const subjects = await process();
    const userId = randomUUID();
    const now = Date.now();
    await subjects.revoke(userId, now);
    expect(subjects.isRevoked(userId, now + 900_000)).toBe(true);
    expect(subjects.isRevoked(userId, now + 906_000)).toBe(false);
  });
});
