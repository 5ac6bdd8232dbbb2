import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import multipart from '@fastify/multipart';
import { PinoLogger } from 'nestjs-pino';
import { Registry } from 'prom-client';
import type { PlatformConfig } from '../config/app-config';
import { messageContext } from '../messaging/message-context';
import { httpDurationHistogram } from '../observability/metrics';
import { untracedProbes } from '../observability/probes';
import { logAbort, logCompletion } from '../observability/request-log';
import { AllowedMethods } from './allowed-methods';
import { parseJsonWithDepthLimit } from './json-body';
import { refuseUnstorableText } from './storable-input';
import { setupOpenApi } from './openapi';
import { REQUEST_ID_HEADER } from './request-id';
import { securityHeaders, securityOptions } from './security-headers';
import { lingerIfBodyUnread } from './unread-body';
import { serveWebAssets } from './web-assets';

/**
 * Everything the gateway does around the routes: security headers, CORS, the request id
 * echo, the duration histogram, 405 detection and Swagger. Called before `init()`.
 */
export async function configureHttp(app: NestFastifyApplication, config: PlatformConfig): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  untracedProbes(fastify.server);
  const allowedMethods = app.get(AllowedMethods);
  // JSON only: a text/plain body is refused with 415 instead of reaching validation as a string.
  fastify.removeContentTypeParser(['text/plain']);
  parseJsonWithDepthLimit(fastify);
  fastify.addHook('onRoute', (route) => allowedMethods.add(route.method, route.url));
  // Uploads (mini-app bundles): one file part, streamed, cut off at the bundle size limit.
  await app.register(multipart, {
    limits: { files: 1, fields: 0, parts: 1, fileSize: config.REVIEW_BUNDLE_MAX_BYTES },
  });

  const headers = securityHeaders(securityOptions({ servedOverHttps: config.SERVED_OVER_HTTPS }));
  fastify.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
  // No origins, no CORS: same-origin callers only, and no CORS hook on every request.
  if (config.CORS_ORIGINS.length)
    app.enableCors({
      origin: config.CORS_ORIGINS.includes('*') ? true : config.CORS_ORIGINS,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id'],
      exposedHeaders: ['X-Request-Id', 'RateLimit', 'RateLimit-Policy', 'Retry-After', 'Location'],
      maxAge: 600,
    });

  // The rest of the request runs inside its message context, so that events it publishes are
  // correlated with the request id. (preValidation: the body is parsed, nothing escapes the context.)
  fastify.addHook('preValidation', (request, _reply, done) => {
    refuseUnstorableText(request);
    messageContext.run({ correlationId: request.id, causationId: request.id }, done);
  });

  const duration = httpDurationHistogram(app.get(Registry));
  // Once shutdown starts, every response closes its connection, so keep-alive clients move on
  // and the server is not held open by connections that would otherwise idle until their timeout.
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    if (closing) reply.header('connection', 'close');
    else lingerIfBodyUnread(request, reply);
    done(null, payload);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    duration.observe(
      { method: request.method, route, status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    logCompletion(PinoLogger.root, request, reply);
    done();
  });
  fastify.addHook('onRequestAbort', (request, done) => {
    logAbort(PinoLogger.root, request);
    done();
  });

  serveWebAssets(fastify, config);
  setupOpenApi(app);
}
