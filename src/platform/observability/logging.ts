import type { LoggerService } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import type { Params } from 'nestjs-pino';
import type { PlatformConfig } from '../config/app-config';
import { messageContext } from '../messaging/message-context';

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
    // No pino-http middleware at all: the request line comes from a Fastify hook (request-log.ts). nestjs-pino still
    // provides the application's logger, whose root this configures.
    forRoutes: [],
    pinoHttp: {
      level: config.LOG_LEVEL,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      // The request (or the outside request a delivery stems from) and the active span, on every line written within them.
      mixin: () => {
        const { correlationId } = messageContext.current();
        const span = trace.getActiveSpan()?.spanContext();
        return span ? { correlationId, traceId: span.traceId, spanId: span.spanId } : { correlationId };
      },
      // The request line's own req/res fields (request-log.ts) as they are, not read as Node's request and response.
      wrapSerializers: false,
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
