import { Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type Redis from 'ioredis';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;
type AddCommand = (key: string, hits: number, ttlMs: number) => Promise<[number, number]>;

/** Often enough that instances learn each other's counts within a blink; seldom enough that Redis sees a few calls per second per caller, not one per request. */
const FLUSH_EVERY_MS = 25;

/** Adds an instance's hits to the window's shared count; the first addition starts the window. Returns the count and the window's time left. */
const ADD_HITS = `
local count = redis.call('INCRBY', KEYS[1], ARGV[1])
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return {count, redis.call('PTTL', KEYS[1])}`;

interface Window {
  id: string;
  ttlMs: number;
  endsAt: number;
  /** All instances' hits (this one's sent ones included), as Redis last answered. */
  shared: number;
  /** This instance's hits on their way to Redis. */
  sending: number;
  /** This instance's hits not sent yet. */
  pending: number;
}

/**
 * Counts the hits of the batched policies here and adds them to Redis every FLUSH_EVERY_MS, one
 * command per caller, instead of one round trip per request: a request is decided on the shared
 * count Redis last gave plus this instance's own hits since. One instance counts exactly; several
 * together may let through, per caller, what the others admitted in the last flush interval
 * before they hear of it. Policies that must be exact (the login limit) go to `exact` on every
 * request. When Redis does not answer, each instance still counts its own hits.
 */
export class BatchedThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger('RateLimit');
  private readonly windows = new Map<string, Window>();
  private readonly add: AddCommand;
  private flushing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lastWarning = 0;

  constructor(
    redis: Redis,
    private readonly batched: ReadonlySet<string>,
    private readonly exact: ThrottlerStorage,
  ) {
    redis.defineCommand('rateLimitAddHits', { numberOfKeys: 1, lua: ADD_HITS });
    this.add = (redis as unknown as Record<'rateLimitAddHits', AddCommand>).rateLimitAddHits.bind(redis);
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, name: string): Promise<ThrottlerStorageRecord> {
    if (!this.batched.has(name)) return this.exact.increment(key, ttl, limit, blockDuration, name);
    const now = Date.now();
    const id = `{${key}:${name}}:count`;
    let window = this.windows.get(id);
    if (!window || now >= window.endsAt) {
      window = { id, ttlMs: ttl, endsAt: now + ttl, shared: 0, sending: 0, pending: 0 };
      this.windows.set(id, window);
    }
    window.pending++;
    // Unref'd: at shutdown the last few milliseconds of counts may go unsent, which only forgives a few hits.
    this.timer ??= setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, FLUSH_EVERY_MS).unref();
    const totalHits = window.shared + window.sending + window.pending;
    const secondsLeft = Math.max(1, Math.ceil((window.endsAt - now) / 1000));
    const isBlocked = totalHits > limit;
    return { totalHits, timeToExpire: secondsLeft, isBlocked, timeToBlockExpire: isBlocked ? secondsLeft : 0 };
  }

  /** Sends every window's pending hits, learns the shared counts back, forgets windows that ended; one flush at a time. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    this.flushing = this.send().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async send(): Promise<void> {
    const now = Date.now();
    const due: Array<{ window: Window; hits: number }> = [];
    for (const window of this.windows.values()) {
      if (window.pending > 0) {
        due.push({ window, hits: window.pending });
        window.sending += window.pending;
        window.pending = 0;
      } else if (window.endsAt <= now && window.sending === 0) {
        this.windows.delete(window.id);
      }
    }
    await Promise.all(
      due.map(async ({ window, hits }) => {
        try {
          const [count, msLeft] = await this.add(window.id, hits, window.ttlMs);
          window.shared = count;
          if (msLeft > 0) window.endsAt = Date.now() + msLeft;
        } catch (error) {
          // Kept as this instance's own count; they are sent again with the next flush.
          window.pending += hits;
          this.warn(error);
        } finally {
          window.sending -= hits;
        }
      }),
    );
  }

  private warn(error: unknown): void {
    if (Date.now() - this.lastWarning < 10_000) return;
    this.lastWarning = Date.now();
    this.logger.warn(`rate limit counters unavailable, counting per instance: ${(error as Error).message}`);
  }
}
