import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit, Optional } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG, type PlatformConfig } from '../config/app-config';
import { REDIS } from '../redis/redis.module';

const KEY = 'auth:revoked-subjects';

/**
 * People whose access tokens stop working now rather than when they expire (an erased account).
 * Access tokens are stateless and short-lived; checking a revocation list in Redis on every request
 * would add a round trip to every authenticated call, so each process keeps the list in memory
 * (one Map lookup in the guard) and the processes share it through Redis: a sorted set (member the
 * user id, score when its last token expires) read at start and after a reconnect, and a channel
 * that announces each revocation at once. Without Redis (one instance) the memory is the list.
 */
@Injectable()
export class RevokedSubjects implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RevokedSubjects.name);
  /** User id → when the last token issued before the revocation expires (ms since the epoch). */
  private readonly until = new Map<string, number>();
  private subscriber?: Redis;
  private readonly channel: string;

  constructor(
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
    @Optional() @Inject(REDIS) private readonly redis?: Redis,
  ) {
    // ioredis prefixes keys, not channels.
    this.channel = `${config.REDIS_KEY_PREFIX}${KEY}`;
  }

  /** True while tokens issued to this user before the revocation could still be presented. */
  isRevoked(userId: string, nowMs = Date.now()): boolean {
    const until = this.until.get(userId);
    if (until === undefined) return false;
    if (until > nowMs) return true;
    this.until.delete(userId);
    return false;
  }

  /** Refuses every access token of this user from now on (here, and in every process sharing Redis). */
  async revoke(userId: string, nowMs = Date.now()): Promise<void> {
    // A token issued a moment ago (clock tolerance included) lives this long at most.
    const until = nowMs + (this.config.ACCESS_TOKEN_TTL_SECONDS + 5) * 1000;
    this.remember(userId, until);
    if (!this.redis) return;
    await this.redis.zadd(KEY, until, userId);
    await this.redis.zremrangebyscore(KEY, '-inf', nowMs);
    await this.redis.publish(this.channel, `${userId} ${until}`);
  }

  async onModuleInit(): Promise<void> {
    if (!this.redis) return;
    this.subscriber = this.redis.duplicate({ keyPrefix: '', enableOfflineQueue: true, maxRetriesPerRequest: null });
    this.subscriber.on('error', () => undefined);
    this.subscriber.on('message', (_channel: string, message: string) => {
      const [userId, until] = message.split(' ');
      if (userId && Number(until) > 0) this.remember(userId, Number(until));
    });
    // After a reconnect, what was announced meanwhile is in the sorted set.
    this.subscriber.on('ready', () => void this.load());
    await this.subscriber.subscribe(this.channel);
    await this.load();
  }

  async onApplicationShutdown(): Promise<void> {
    this.subscriber?.disconnect();
  }

  private async load(): Promise<void> {
    try {
      const entries = await this.redis!.zrangebyscore(KEY, Date.now(), '+inf', 'WITHSCORES');
      for (let i = 0; i + 1 < entries.length; i += 2) this.remember(entries[i], Number(entries[i + 1]));
    } catch (error) {
      this.logger.warn(`could not read the revoked subjects from Redis: ${(error as Error).message}`);
    }
  }

  private remember(userId: string, until: number): void {
    if ((this.until.get(userId) ?? 0) < until) this.until.set(userId, until);
    // Lapsed entries go as new ones come, so ids of people who never call again do not pile up.
    const now = Date.now();
    for (const [id, lapsesAt] of this.until) if (lapsesAt <= now) this.until.delete(id);
  }
}
