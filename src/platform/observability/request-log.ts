import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Level, Logger } from 'pino';
import { isProbe } from './probes';

/** 5xx as errors, 4xx as warnings, the rest as info: a level filter keeps just the failures. */
export function completionLevel(statusCode: number): Level {
  return statusCode >= 500 ? 'error' : statusCode >= 400 ? 'warn' : 'info';
}

/** What a line says about a request: its id, method, URL and status (null when none was sent), never a header or a body. */
function requestFields(request: FastifyRequest, statusCode: number | null) {
  return {
    correlationId: request.id,
    req: { id: request.id, method: request.method, url: request.url },
    res: { statusCode },
  };
}

function written(logger: Logger, level: Level, request: FastifyRequest): boolean {
  return logger.isLevelEnabled(level) && !isProbe(request.url);
}

/**
 * The request log: one line per request (probes excepted), `request completed` (5xx: `request errored`, as
 * pino-http wrote them), called from Fastify's onResponse hook. In place of pino-http's middleware (nestjs-pino's
 * default), which ran through Nest's middleware layer on every request and built a child logger with the request
 * serialized and redacted up front, whether or not a line was written (ADR 0036). Here the level is checked first and
 * the few fields are read only for a line written. Other lines written while a request is handled carry its id
 * through the logger's mixin (correlationId).
 */
export function logCompletion(logger: Logger, request: FastifyRequest, reply: FastifyReply): void {
  const level = completionLevel(reply.statusCode);
  if (!written(logger, level, request)) return;
  const message = reply.statusCode >= 500 ? 'request errored' : 'request completed';
  logger[level]({ ...requestFields(request, reply.statusCode), responseTime: Math.round(reply.elapsedTime) }, message);
}

/** A request its client gave up on before the answer (Fastify's onRequestAbort): no onResponse follows. */
export function logAbort(logger: Logger, request: FastifyRequest): void {
  if (written(logger, 'warn', request)) logger.warn(requestFields(request, null), 'request aborted');
}
