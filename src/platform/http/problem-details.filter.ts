import { type ArgumentsHost, Catch, type ExceptionFilter, Logger, NotFoundException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AllowedMethods } from './allowed-methods';
import { forRequest, problem, PROBLEM_CONTENT_TYPE } from './problem-details';
import { toProblem } from './to-problem';

/** Every error leaves as `application/problem+json`; a 500 is logged with its stack, never shown. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  constructor(private readonly allowedMethods: AllowedMethods) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const unmatched = error instanceof NotFoundException && !request.routeOptions?.url;
    const allowed = unmatched ? this.allowedMethods.for(request.url) : [];
    const { body, headers } = allowed.length
      ? {
          body: problem(
            405,
            'method-not-allowed',
            'Method not allowed',
            `${request.method} is not allowed here; use ${allowed.join(', ')}.`,
          ),
          headers: { Allow: allowed.join(', ') },
        }
      : unmatched
        ? {
            body: problem(404, 'not-found', 'Not found', `No route ${request.method} ${request.url.split('?')[0]}.`),
            headers: undefined,
          }
        : toProblem(error);
    if (body.status >= 500) this.logger.error({ err: safeError(error), requestId: request.id }, 'request failed');
    if (reply.sent) return;
    void reply
      .status(body.status)
      .headers({ ...headers, 'content-type': PROBLEM_CONTENT_TYPE })
      .send(JSON.stringify(forRequest(body, request)));
  }
}

/** What a 500 log line may say about its cause: never a query's parameters or a driver's internals. */
function safeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const { code } = error as { code?: unknown };
  return { type: error.name, message: error.message, code, stack: error.stack };
}
