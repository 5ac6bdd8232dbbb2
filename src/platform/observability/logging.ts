import type { IncomingMessage } from 'node:http';
import { type LoggerService, RequestMethod } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import type { Params } from 'nestjs-pino';
import type { PlatformConfig } from '../config/app-config';
import { isProbe } from './probes';

/** Fields that must never reach a log line, wherever they appear. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["idempotency-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.accessToken',
  '*.refreshToken',
  '*.token',
  '*.cardNumber',
  '*.cvc',
  '*.clientSecret',
  '*.launchData',
];

/** JSON logs with the request id and the active trace/span ids on every line. */
export function loggingParams(config: PlatformConfig): Params {
  return {
    // nestjs-pino's default route pattern ('{/*splat}') matches nothing under Nest 12 on Fastify; this one matches every path.
    forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
    // Probes never log (below), so they skip the middleware altogether: its per-request child logger
    // serializes and redacts the request up front, a tenth of a liveness check's CPU.
    exclude: [{ path: 'health/{*splat}', method: RequestMethod.ALL }],
    pinoHttp: {
      level: config.LOG_LEVEL,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      genReqId: (req: IncomingMessage) => (req as IncomingMessage & { id?: string }).id ?? 'unknown',
      customAttributeKeys: { reqId: 'requestId' },
      mixin: () => {
        const span = trace.getActiveSpan()?.spanContext();
        return span ? { traceId: span.traceId, spanId: span.spanId } : {};
      },
      serializers: {
        req: (req: { id: string; method: string; url: string; raw?: { originalUrl?: string } }) => ({
          id: req.id,
          method: req.method,
          url: req.raw?.originalUrl ?? req.url,
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customLogLevel: (_req, res, error) =>
        error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
      // Middleware sees a path-stripped `url`; `originalUrl` is the one the client sent.
      autoLogging: {
        ignore: (req) => isProbe((req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url),
      },
    },
  };
}

/** Nest's start-up chatter: a line per module and per route (over a hundred) that says nothing a person needs. */
const BOOT_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);

/** The application logger, with Nest's start-up chatter moved to debug (main.ts prints a summary instead). */
export function withQuietStartup(logger: LoggerService): LoggerService {
  return {
    log: (message: unknown, ...rest: unknown[]) =>
      BOOT_CONTEXTS.has(rest.at(-1) as string) ? logger.debug?.(message, ...rest) : logger.log(message, ...rest),
    error: (message: unknown, ...rest: unknown[]) => logger.error(message, ...rest),
    warn: (message: unknown, ...rest: unknown[]) => logger.warn(message, ...rest),
    debug: (message: unknown, ...rest: unknown[]) => logger.debug?.(message, ...rest),
    verbose: (message: unknown, ...rest: unknown[]) => logger.verbose?.(message, ...rest),
    fatal: (message: unknown, ...rest: unknown[]) => logger.fatal?.(message, ...rest),
  };
}
