import { Inject, Injectable } from '@nestjs/common';
import { InjectThrottlerStorage, type ThrottlerStorage } from '@nestjs/throttler';
import { APP_CONFIG, type PlatformConfig } from '../../../platform/config/app-config';
import { ProxyRateLimit } from '../application/ports/proxy-rate-limit';

const MINUTE_MS = 60_000;

/** The platform's rate-limit counters (Redis, shared by every instance, failing open when Redis is away), keyed per launch. */
@Injectable()
export class ThrottlerProxyRateLimit extends ProxyRateLimit {
  constructor(
    @InjectThrottlerStorage() private readonly storage: ThrottlerStorage,
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
  ) {
    super();
  }

  async take(launchId: string): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }> {
    const record = await this.storage.increment(
      `runtime:proxy:launch:${launchId}`,
      MINUTE_MS,
      this.config.RUNTIME_PROXY_REQUESTS_PER_MINUTE,
      MINUTE_MS,
      'runtime-proxy',
    );
    return record.isBlocked
      ? { allowed: false, retryAfterSeconds: Math.max(1, record.timeToBlockExpire) }
      : { allowed: true };
  }
}
