import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type Redis from 'ioredis';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;
type ReportCommand = (key: string, instance: string, hits: number, ttlMs: number) => Promise<[number, number]>;

/** Often enough that instances learn each other's counts within a blink; seldom enough that Redis sees a few calls per second per caller, not one per request. */
const FLUSH_EVERY_MS = 25;
/** How often windows and blocks that ended are forgotten. */
const SWEEP_EVERY_MS = 1_000;

/**
 * Records this instance's total of hits in the window (a total, not an increment: sending it again
 * after a lost answer changes nothing) and answers all instances' sum and the window's time left.
 * The first report starts the window.
 */
const REPORT_HITS = `
local mine = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
if tonumber(ARGV[2]) > mine then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
local sum = 0
for _, hits in ipairs(redis.call('HVALS', KEYS[1])) do sum = sum + tonumber(hits) end
return {sum, redis.call('PTTL', KEYS[1])}`;

interface Window {
  id: string;
  ttlMs: number;
  endsAt: number;
  /** This instance's hits in the window. */
  hits: number;
  /** This instance's hits as last reported, and all instances' sum Redis answered then. */
  reported: number;
  shared: number;
}

/**
 * Counts the hits of the batched policies here and reports them to Redis every FLUSH_EVERY_MS,
 * one command per caller, instead of one round trip per request: a request is decided on the
 * other instances' hits as Redis last told them plus all of this instance's own. One instance
 * counts exactly. An instance hears of the others' hits for a caller when it reports its own, so
 * a burst spread over N instances may get up to the limit through each before they have heard of
 * each other. Over the limit, a caller is blocked for the policy's block duration (its window by
 * default), as @nestjs/throttler's Redis storage does. Policies that must be exact across
 * instances (the login limit) go to `exact` on every request. When Redis does not answer, each
 * instance still counts its own hits.
 */
export class BatchedThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger('RateLimit');
  private readonly instance = randomUUID();
  private readonly windows = new Map<string, Window>();
  private readonly blockedUntil = new Map<string, number>();
  private readonly unreported = new Set<string>();
  private readonly report: ReportCommand;
  private flushing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lastSweep = Date.now();
  private lastWarning = 0;

  constructor(
    redis: Redis,
    private readonly batched: ReadonlySet<string>,
    private readonly exact: ThrottlerStorage,
    private readonly flushEveryMs = FLUSH_EVERY_MS,
  ) {
    redis.defineCommand('rateLimitReportHits', { numberOfKeys: 1, lua: REPORT_HITS });
    this.report = (redis as unknown as Record<'rateLimitReportHits', ReportCommand>).rateLimitReportHits.bind(redis);
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, name: string): Promise<ThrottlerStorageRecord> {
    if (!this.batched.has(name)) return this.exact.increment(key, ttl, limit, blockDuration, name);
    const now = Date.now();
    const id = `{${key}:${name}}:instances`;
    let window = this.windows.get(id);
    if (!window || now >= window.endsAt) {
      window = { id, ttlMs: ttl, endsAt: now + ttl, hits: 0, reported: 0, shared: 0 };
      this.windows.set(id, window);
    }
    window.hits++;
    this.unreported.add(id);
    this.schedule();
    const totalHits = window.shared - window.reported + window.hits;
    let until = this.blockedUntil.get(id);
    if (until !== undefined && until <= now) until = undefined;
    if (until === undefined && totalHits > limit) until = now + blockDuration;
    if (until === undefined) this.blockedUntil.delete(id);
    else this.blockedUntil.set(id, until);
    return {
      totalHits,
      timeToExpire: secondsUntil(window.endsAt, now),
      isBlocked: until !== undefined,
      timeToBlockExpire: until === undefined ? 0 : secondsUntil(until, now),
    };
  }

  /** Reports every caller's hits since the last report and learns the sums back; one flush at a time. */
  async flush(): Promise<void> {
    if (this.flushing) await this.flushing;
    this.flushing ??= this.send().finally(() => {
      this.flushing = null;
      if (this.unreported.size) this.schedule();
    });
    return this.flushing;
  }

  private schedule(): void {
    if (this.timer || this.flushing) return;
    // Unref'd: at shutdown the last few milliseconds of counts may go unreported, which only forgives a few hits.
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.flushEveryMs).unref();
  }

  private async send(): Promise<void> {
    const now = Date.now();
    if (now - this.lastSweep >= SWEEP_EVERY_MS) this.sweep(now);
    const due = [...this.unreported].map((id) => this.windows.get(id)).filter((window): window is Window => window !== undefined && window.endsAt > now);
    this.unreported.clear();
    await Promise.all(
      due.map(async (window) => {
        const hits = window.hits;
        try {
          const [sum, msLeft] = await this.report(window.id, this.instance, hits, window.ttlMs);
          if (this.windows.get(window.id) !== window) return;
          window.reported = hits;
          window.shared = sum;
          if (msLeft > 0) window.endsAt = Date.now() + msLeft;
        } catch (error) {
          // The total goes again with the next flush; a report that did arrive counts once all the same.
          if (this.windows.get(window.id) === window) this.unreported.add(window.id);
          this.warn(error);
        }
      }),
    );
  }

  private sweep(now: number): void {
    this.lastSweep = now;
    for (const [id, window] of this.windows) if (window.endsAt <= now) this.windows.delete(id);
    for (const [id, until] of this.blockedUntil) if (until <= now) this.blockedUntil.delete(id);
  }

  private warn(error: unknown): void {
    if (Date.now() - this.lastWarning < 10_000) return;
    this.lastWarning = Date.now();
    this.logger.warn(`rate limit counters unavailable, counting per instance: ${(error as Error).message}`);
  }
}

const secondsUntil = (at: number, now: number): number => Math.max(1, Math.ceil((at - now) / 1000));
