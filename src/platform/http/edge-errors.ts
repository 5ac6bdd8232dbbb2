import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { forRequest, problem, PROBLEM_CONTENT_TYPE, type ProblemDetails } from './problem-details';
import { REQUEST_ID_HEADER } from './request-id';

/**
 * Answers for what fails before a route exists: the router's errors (Fastify's `frameworkErrors`)
 * and the HTTP parser's (the server's `clientError`). Fastify's defaults answer these in plain
 * JSON of its own shape; every answer of this API is `application/problem+json`.
 */
const ROUTER_ERRORS: Record<string, [number, string, string, string]> = {
  FST_ERR_BAD_URL: [
    400,
    'bad-url',
    'Malformed URL',
    'The URL has a malformed percent-escape or a byte sequence that is not UTF-8.',
  ],
  FST_ERR_MAX_PARAM_LENGTH: [
    414,
    'uri-too-long',
    'URI too long',
    'A path segment of the URL is longer than this API accepts.',
  ],
};

/** The two handlers, sending the same security headers as every other answer of the platform. */
export function edgeErrorHandlers(securityHeaders: Record<string, string>) {
  return {
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) =>
      answerRouterError(securityHeaders, error, request, reply),
    clientErrorHandler: (error: NodeJS.ErrnoException, socket: Socket) =>
      answerParserError(securityHeaders, error, socket),
  };
}

/** Fastify's `frameworkErrors`: the router refused the URL before any hook or route ran. */
function answerRouterError(
  security: Record<string, string>,
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const known = ROUTER_ERRORS[error.code];
  const body = known
    ? problem(...known)
    : problem(400, 'bad-request', 'Bad request', 'The request could not be routed.');
  void reply
    .status(body.status)
    .headers({ ...security, [REQUEST_ID_HEADER]: request.id, 'content-type': PROBLEM_CONTENT_TYPE })
    .send(JSON.stringify(forRequest(body, request)));
}

/** The HTTP parser's refusals, by Node's error code; anything else it cannot parse is a 400. */
function parserProblem(code: string | undefined): ProblemDetails {
  if (code === 'HPE_HEADER_OVERFLOW')
    return problem(
      431,
      'header-fields-too-large',
      'Request header fields too large',
      'The request line and headers are larger than this server accepts.',
    );
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return problem(408, 'request-timeout', 'Request timeout', 'The request did not arrive in time.');
  return problem(
    400,
    'malformed-request',
    'Malformed request',
    'The request is not valid HTTP/1.1 (e.g. raw non-ASCII bytes or control characters in the URL or a header).',
  );
}

/** Fastify's `clientErrorHandler`: the request never became one, so the answer is written on the socket, which then closes. */
function answerParserError(security: Record<string, string>, error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (!socket.writable) return void socket.destroy(error);
  const requestId = randomUUID();
  const answer = { ...parserProblem(error.code), requestId };
  const body = JSON.stringify(answer);
  const headers = {
    ...security,
    [REQUEST_ID_HEADER]: requestId,
    'content-type': PROBLEM_CONTENT_TYPE,
    'content-length': String(Buffer.byteLength(body)),
    connection: 'close',
  };
  const head = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  socket.end(`HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status]}\r\n${head}\r\n${body}`, () => socket.destroy());
}
