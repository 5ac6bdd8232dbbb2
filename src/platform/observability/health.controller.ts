import { Controller, Get, Inject, Optional } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  type HealthIndicatorFunction,
  type HealthIndicatorResult,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import type Redis from 'ioredis';
import { Public } from '../auth/decorators';
import { APP_CONFIG, type PlatformConfig } from '../config/app-config';
import { deploymentMode } from '../instance/deployment-mode';
import { SingleInstanceLock } from '../instance/single-instance-lock';
import { NatsLinks } from '../nats/nats-links';
import { NotRateLimited } from '../http/rate-limit/strict-rate-limit.decorator';
import { REDIS } from '../redis/redis.module';

/**
 * What terminus answers for a check of nothing, without its promise chain on the one route probed every few seconds.
 * Also while shutting down (terminus would answer 503): the process is alive and draining; readiness says to stop sending.
 * Without a prototype: Nest asks of every handler's result whether it is a plain object, and for one with a prototype
 * that means printing Object's source (Function.prototype.toString) on each request; for one without, it does not.
 * (Set with setPrototypeOf, which keeps fast properties: an Object.create(null) object is a dictionary, twice as slow to
 * stringify.)
 */
const LIVE = Object.freeze(Object.setPrototypeOf({ status: 'ok', info: {}, error: {}, details: {} }, null) as object);

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
    private readonly nats: NatsLinks,
    /** Absent without REDIS_URL: nothing to check then. */
    @Optional() @Inject(REDIS) private readonly redis?: Redis,
    /** Present in a single instance started by createApp. */
    @Optional() private readonly lock?: SingleInstanceLock,
  ) {}

  @Public()
  // Never throttled (no 429 restarts a healthy process); it does no work. /ready pings the database, so a flood of it is limited like any route.
  @NotRateLimited()
  @Get('live')
  @ApiOperation({
    operationId: 'checkLiveness',
    summary: 'Liveness: the process is up and serving',
    description:
      'Liveness: the process is up and its event loop answers. Public, for orchestrators; it checks nothing else, so a failing dependency never restarts the process.',
  })
  @HealthCheck()
  live() {
    return LIVE;
  }

  @Public()
  @Get('ready')
  @ApiOperation({
    operationId: 'checkReadiness',
    summary: 'Readiness: PostgreSQL answers, and Redis and NATS when configured; `instance` says the deployment mode',
    description:
      'Readiness: PostgreSQL and Redis answer and NATS is connected (BUS_TRANSPORT=nats), so this instance should get traffic; 503 with the failing checks otherwise. Public, for load balancers.',
  })
  @HealthCheck()
  ready() {
    const checks: HealthIndicatorFunction[] = [
      () => this.database.pingCheck('postgres', { timeout: 1_500 }),
      () => this.instanceCheck(),
    ];
    const redis = this.redis;
    if (redis) checks.push(() => this.redisCheck(redis));
    if (this.config.BUS_TRANSPORT === 'nats') checks.push(() => this.natsCheck());
    return this.health.check(checks);
  }

  /** The mode; a single instance that lost its lock (its connection dropped) is not ready until it has it back. */
  private instanceCheck(): HealthIndicatorResult {
    const mode = deploymentMode(this.config);
    const indicator = this.indicators.check('instance');
    if (mode === 'single-instance' && !this.lock?.held)
      return indicator.down({ mode, message: 'the single-instance lock is not held' });
    return indicator.up({ mode });
  }

  /** Events wait in the outbox while NATS is away, but calls between processes fail: not ready. */
  private natsCheck(): HealthIndicatorResult {
    const indicator = this.indicators.check('nats');
    const trouble = this.nats.trouble;
    return trouble ? indicator.down({ message: trouble }) : indicator.up();
  }

  private async redisCheck(redis: Redis): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('redis');
    try {
      await redis.ping();
      return indicator.up();
    } catch {
      return indicator.down({ message: 'not answering' }); // the readiness body is public: no hosts or ports in it
    }
  }
}
