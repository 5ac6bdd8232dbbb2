import httpProxy from '@fastify/http-proxy';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import type { PlatformConfig } from '../config/app-config';
import { StartupFailure } from '../config/startup-failure';
import type { ModuleContract } from '../messaging/module-contract';
import { forRequest, problem, PROBLEM_CONTENT_TYPE } from './problem-details';
import { REQUEST_ID_HEADER } from './request-id';

/**
 * One address for the whole API when modules run in processes of their own (ADR 0035): the routes
 * of each module named in MODULE_URLS (its declared prefixes) are forwarded, streamed, to the
 * process that runs it, with @fastify/http-proxy. The request id goes along (one id in both logs),
 * and the caller's address in X-Forwarded-For (the other process sets TRUST_PROXY to this one, so
 * its rate limits still count per caller). That process authenticates and checks everything itself.
 */
export async function forwardModuleRoutes(
  app: NestFastifyApplication,
  config: Pick<PlatformConfig, 'MODULE_URLS'>,
  contracts: readonly ModuleContract[],
  running: readonly string[],
): Promise<void> {
  // Fastify's own logger (reply.log) is off here: the application's logger writes the lines.
  const logger = new Logger('ModuleGateway');
  for (const [module, upstream] of Object.entries(config.MODULE_URLS)) {
    const contract = contracts.find((candidate) => candidate.name === module);
    if (!contract || contract.inEveryProcess)
      throw new StartupFailure(
        `Invalid configuration: MODULE_URLS: ${module} is not a module that runs in a process of its own`,
      );
    if (running.includes(module))
      throw new StartupFailure(
        `Invalid configuration: MODULE_URLS: ${module} runs in this process; name only modules that run elsewhere`,
      );
    for (const prefix of contract.routes)
      await app.register(async (scope: FastifyInstance) => {
        // Bodies go upstream as they came: none of this process's parsers (JSON depth limit, multipart) in this scope.
        scope.removeAllContentTypeParsers();
        await scope.register(httpProxy, {
          upstream,
          prefix,
          rewritePrefix: prefix,
          replyOptions: {
            rewriteRequestHeaders: (request, headers) => ({
              ...headers,
              [REQUEST_ID_HEADER]: request.id,
              'x-forwarded-for': [headers['x-forwarded-for'], request.ip].filter(Boolean).join(', '),
            }),
            onError: (reply, { error }) => {
              logger.warn({ module, err: { message: error.message } }, 'module did not answer');
              void reply
                .code(502)
                .type(PROBLEM_CONTENT_TYPE)
                .send(
                  forRequest(
                    problem(
                      502,
                      'module-unavailable',
                      'Bad gateway',
                      `The ${module} module did not answer; try again shortly.`,
                    ),
                    reply.request,
                  ),
                );
            },
          },
        });
      });
  }
}
