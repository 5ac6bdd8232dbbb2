import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, type HealthIndicatorResult, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type Redis from 'ioredis';
import { Public } from '../auth/decorators';
import { REDIS } from '../redis/redis.module';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  @Public()
  @Get('live')
  @ApiOperation({ operationId: 'checkLiveness', summary: 'Liveness: the process is up and serving', description: 'Liveness: the process is up and its event loop answers. Public, for orchestrators; it checks nothing else, so a failing dependency never restarts the process.' })
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Public()
  @Get('ready')
  @ApiOperation({ operationId: 'checkReadiness', summary: 'Readiness: PostgreSQL and Redis answer', description: 'Readiness: PostgreSQL and Redis answer, so this instance should get traffic; 503 with the failing checks otherwise. Public, for load balancers.' })
  @HealthCheck()
  ready() {
    return this.health.check([() => this.database.pingCheck('postgres', { timeout: 1_500 }), () => this.redisCheck()]);
  }

  private async redisCheck(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('redis');
    try {
      await this.redis.ping();
      return indicator.up();
    } catch {
      return indicator.down({ message: 'not answering' }); // the readiness body is public: no hosts or ports in it
    }
  }
}
