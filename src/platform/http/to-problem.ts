import { HttpException, HttpStatus } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { ProblemError } from '../../shared/kernel/problem';
import { problem, type ProblemDetails } from './problem-details';

export interface ProblemResponse {
  body: ProblemDetails;
  headers?: Record<string, string>;
}

/** What Fastify itself throws before a route runs (body parsing, content type, size). */
const FASTIFY_ERRORS: Record<string, [number, string, string, string]> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [
    415,
    'unsupported-media-type',
    'Unsupported media type',
    'Send the body as application/json.',
  ],
  FST_ERR_CTP_BODY_TOO_LARGE: [
    413,
    'payload-too-large',
    'Payload too large',
    'The request body is larger than this server accepts.',
  ],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [
    400,
    'invalid-content-length',
    'Invalid Content-Length',
    'The Content-Length header does not match the body.',
  ],
  FST_ERR_CTP_EMPTY_JSON_BODY: [
    400,
    'malformed-json',
    'Malformed JSON',
    'The body is empty but the content type says JSON.',
  ],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'malformed-json', 'Malformed JSON', 'The body is not valid JSON.'],
  FST_ERR_CTP_INVALID_TYPE: [
    415,
    'unsupported-media-type',
    'Unsupported media type',
    'The Content-Type header is not valid.',
  ],
};

const TITLES: Partial<Record<number, [string, string]>> = {
  400: ['bad-request', 'Bad request'],
  401: ['unauthorized', 'Unauthorized'],
  402: ['payment-required', 'Payment required'],
  403: ['forbidden', 'Forbidden'],
  404: ['not-found', 'Not found'],
  405: ['method-not-allowed', 'Method not allowed'],
  406: ['not-acceptable', 'Not acceptable'],
  409: ['conflict', 'Conflict'],
  413: ['payload-too-large', 'Payload too large'],
  415: ['unsupported-media-type', 'Unsupported media type'],
  422: ['unprocessable', 'Unprocessable content'],
  429: ['rate-limited', 'Too many requests'],
  503: ['unavailable', 'Service unavailable'],
};

/** Maps anything thrown while handling a request to a problem; unknown errors become an opaque 500. */
export function toProblem(error: unknown): ProblemResponse {
  if (error instanceof ProblemError) {
    const body = problem(
      error.status,
      error.code,
      error.title,
      error.detail,
      error.errors ? { errors: error.errors } : {},
    );
    return { body, headers: error.headers };
  }
  if (error instanceof ThrottlerException) {
    return {
      body: problem(
        429,
        'rate-limited',
        'Too many requests',
        'Too many requests; retry after the time in Retry-After.',
      ),
    };
  }
  // Nest wraps Fastify's own 4xx errors (body parsing, size, media type) in an HttpException with the original as cause.
  const fastify = fastifyError(error instanceof HttpException ? error.cause : error);
  if (fastify) return { body: fastify };
  if (error instanceof HttpException) return fromHttpException(error);
  if (isPoolExhausted(error)) {
    return {
      body: problem(503, 'database-busy', 'Service busy', 'Every database connection is in use; retry shortly.'),
      headers: { 'retry-after': '1' },
    };
  }
  return {
    body: problem(
      500,
      'internal',
      'Internal server error',
      'Something went wrong on our side; quote the request id to support.',
    ),
  };
}

/** pg-pool's answer when no connection came free within DATABASE_CONNECT_TIMEOUT_MS: overload, not a fault. */
function isPoolExhausted(error: unknown): boolean {
  return error instanceof Error && error.message === 'timeout exceeded when trying to connect';
}

function fromHttpException(error: HttpException): ProblemResponse {
  const status = error.getStatus();
  const [code, title] = TITLES[status] ?? ['http-' + status, HttpStatus[status] ?? 'Error'];
  const response = error.getResponse();
  const detail = typeof response === 'string' ? response : (messageOf(response) ?? error.message);
  return { body: problem(status, code, title, detail, typeof response === 'object' ? extensionsOf(response) : {}) };
}

const NOT_EXTENSIONS = new Set(['type', 'title', 'status', 'detail', 'instance', 'message', 'statusCode', 'error']);

/** Extra members of an exception's body (e.g. the health checks' details) travel as RFC 9457 extension members. */
function extensionsOf(response: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(response).filter(([key]) => !NOT_EXTENSIONS.has(key)));
}

function messageOf(response: object): string | undefined {
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : undefined;
}

function fastifyError(error: unknown): ProblemDetails | undefined {
  const { code, statusCode } = (error ?? {}) as { code?: string; statusCode?: number };
  const known = code ? FASTIFY_ERRORS[code] : undefined;
  if (known) return problem(...known);
  if (error instanceof SyntaxError && statusCode === 400) {
    return problem(400, 'malformed-json', 'Malformed JSON', 'The body is not valid JSON.');
  }
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    const [slug, title] = TITLES[statusCode] ?? ['http-' + statusCode, 'Client error'];
    return problem(statusCode, slug, title, (error as Error).message);
  }
  return undefined;
}
