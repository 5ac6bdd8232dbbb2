import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Level, Logger } from 'pino';
import { isProbe } from './probes';

/** 5xx as errors, 4xx as warnings, the rest as info: a level filter keeps just the failures. */
export function completionLevel(statusCode: number): Level {
  return statusCode >= 500 ? 'error' : statusCode >= 400 ? 'warn' : 'info';
}

/** What the line says about a request: its id, method, URL and status, never a header or a body. */
function completion(request: FastifyRequest, reply: FastifyReply) {
  return {
    req: { id: request.id, method: request.method, url: request.url },
    res: { statusCode: reply.statusCode },
    responseTime: Math.round(reply.elapsedTime),
  };
}

/**
 * One "request completed" line per request (probes excepted), called from Fastify's onResponse hook.
 * In place of pino-http's middleware (nestjs-pino's default), which ran through Nest's middleware layer
 * on every request and built a child logger with the request serialized and redacted up front, whether
 * or not a line was written: a twentieth of a cached-token request's CPU, spent mostly at a level that
 * logs nothing. Here the level is checked first and the few fields are read only for a line written.
 * Log lines written while a request is handled carry its id through the logger's mixin (correlationId).
 */
export function logCompletion(logger: Logger, request: FastifyRequest, reply: FastifyReply): void {
  const level = completionLevel(reply.statusCode);
  if (logger.isLevelEnabled(level) && !isProbe(request.url))
    logger[level](completion(request, reply), 'request completed');
}
