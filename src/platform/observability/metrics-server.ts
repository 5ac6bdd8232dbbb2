import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import Fastify, { type FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { APP_CONFIG, type PlatformConfig } from '../config/app-config';
import { problem, PROBLEM_CONTENT_TYPE } from '../http/problem-details';
import { toProblem } from '../http/to-problem';
import { MetricsAccess } from './metrics-access';
import { PROMETHEUS_CONTENT_TYPE } from './metrics';

/**
 * The metrics listener of its own, when `METRICS_PORT` is set: GET /metrics and nothing else, so
 * that a scraper reaches it on a port the API's ingress never exposes. A bare Fastify instance:
 * none of the API's pipeline (auth, rate limits, tracing) belongs on an operator's port.
 */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: FastifyInstance;

  constructor(
    private readonly registry: Registry,
    private readonly access: MetricsAccess,
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const port = this.access.ownPort;
    if (port === undefined) return;
    const server = Fastify({ logger: false });
    server.get('/metrics', async (request, reply) => {
      const refusal = this.access.refusal(request.headers.authorization);
      if (refusal) throw refusal;
      return reply.type(PROMETHEUS_CONTENT_TYPE).send(await this.registry.metrics());
    });
    server.setNotFoundHandler((request, reply) => {
      void reply
        .code(404)
        .type(PROBLEM_CONTENT_TYPE)
        .send(
          problem(
            404,
            'not-found',
            'Not found',
            `No route ${request.method} ${request.url.split('?')[0]}; this port serves GET /metrics.`,
          ),
        );
    });
    server.setErrorHandler((error, _request, reply) => {
      const { body, headers } = toProblem(error);
      void reply
        .code(body.status)
        .headers(headers ?? {})
        .type(PROBLEM_CONTENT_TYPE)
        .send(body);
    });
    await server.listen({ port, host: this.config.HOST });
    this.server = server;
    new Logger('Metrics').log(`metrics served on port ${this.port()}`);
  }

  /** The port the listener took (METRICS_PORT=0 picks a free one); undefined when metrics share the API's port. */
  port(): number | undefined {
    const address = this.server?.server.address();
    return address && typeof address === 'object' ? address.port : undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server?.close();
  }
}
