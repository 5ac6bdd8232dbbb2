import { Controller, Get, Header, Headers } from '@nestjs/common';
import {
  ApiExtension,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Registry } from 'prom-client';
import { ProblemError } from '../../shared/kernel/problem';
import { Public } from '../auth/decorators';
import { METRICS_TOKEN_EXTENSION } from '../http/openapi-decorators';
import { MetricsAccess } from './metrics-access';
import { PROMETHEUS_CONTENT_TYPE } from './metrics';

@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly registry: Registry,
    private readonly access: MetricsAccess,
  ) {}

  @Public()
  @Get()
  @Header('Content-Type', PROMETHEUS_CONTENT_TYPE)
  @ApiOperation({
    operationId: 'getMetrics',
    summary: 'Prometheus metrics (text exposition format)',
    description:
      "For the operator's scraper, not the public: when `METRICS_TOKEN` is set it needs `Authorization: Bearer <METRICS_TOKEN>`; when `METRICS_PORT` is set " +
      "(production's default, 9464, unless a token is set) metrics are served on that port only and this one answers 404.",
  })
  @ApiExtension(METRICS_TOKEN_EXTENSION, true)
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Metrics in the Prometheus text format', schema: { type: 'string' } })
  @ApiUnauthorizedResponse({ description: 'METRICS_TOKEN is set and the request does not carry it as a bearer token' })
  @ApiNotFoundResponse({ description: 'Metrics are served on their own port (METRICS_PORT), not this one' })
  metrics(@Headers('authorization') authorization: string | undefined): Promise<string> {
    if (this.access.ownPort !== undefined)
      throw new ProblemError(404, 'not-found', 'Not found', 'No route GET /metrics.');
    const refusal = this.access.refusal(authorization);
    if (refusal) throw refusal;
    return this.registry.metrics();
  }
}
