import type { OpenAPIObject } from '@nestjs/swagger';
import { PUBLIC_EXTENSION } from '../auth/decorators';
import { NOT_RATE_LIMITED_EXTENSION } from './rate-limit/strict-rate-limit.decorator';
import { SERVER_CREDENTIALS_EXTENSION } from '../auth/server-credentials';
import {
  ETAG_EXTENSION,
  IDEMPOTENT_EXTENSION,
  LOCATION_EXTENSION,
  METRICS_TOKEN_EXTENSION,
} from './openapi-decorators';
import { exampleOf } from './openapi-examples';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE } from './problem-details';

/**
 * What every operation of the document shares, added after Swagger has read the decorators, so
 * that a route written later inherits it: its security, every error status the platform itself
 * can answer (validation, authentication, roles, missing path resources, idempotency, body size
 * and type, rate limits, overload), the headers every answer carries, and examples.
 */

type Operation = Record<string, any>;
type Response = Record<string, any>;

const PROBLEM_SCHEMA = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', format: 'uri', example: 'https://superapp.dev/problems/validation' },
    title: { type: 'string', example: 'Invalid request' },
    status: { type: 'integer', example: 400 },
    detail: { type: 'string', example: 'One or more fields are invalid; see errors.' },
    instance: { type: 'string', example: '/identity/register' },
    requestId: { type: 'string', example: '0f6c1e9a-2d4b-4a8e-b1f3-5c7d9e2a4b6c' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['pointer', 'detail'],
        properties: {
          pointer: { type: 'string', example: '#/email' },
          detail: { type: 'string', example: 'email must be an email' },
        },
      },
    },
  },
};

const HEADERS = {
  'X-Request-Id': {
    description:
      'The request id: the one the request sent (when sane) or a generated one; it is in every log line about the request',
    schema: { type: 'string' },
  },
  RateLimit: {
    description: 'Quota left and seconds to its reset, per policy (IETF RateLimit fields)',
    schema: { type: 'string', example: '"default";r=599;t=60' },
  },
  'RateLimit-Policy': {
    description: 'Quota and window of each policy that counted the request',
    schema: { type: 'string', example: '"default";q=600;w=60' },
  },
  'Retry-After': {
    description: 'Seconds to wait before trying again',
    required: true,
    schema: { type: 'integer', example: 1 },
  },
  'Idempotent-Replayed': {
    description:
      '`true` when this is the stored answer to an earlier request with the same Idempotency-Key, sent again',
    schema: { type: 'boolean', example: true },
  },
  ETag: {
    description: 'The strong validator of the representation; send it in If-None-Match to get 304 while it is current',
    required: true,
    schema: { type: 'string' },
  },
};
const header = (name: keyof typeof HEADERS) => ({ $ref: `#/components/headers/${name}` });

/** The problem each error status is answered with when the platform itself refuses: [code, title, description]. */
const PLATFORM_ERRORS: Record<string, [string, string, string]> = {
  '400': [
    'validation',
    'Invalid request',
    'Invalid request: malformed JSON, a malformed parameter, unknown or invalid fields (see `errors`)',
  ],
  '401': ['unauthorized', 'Unauthorized', 'Missing, invalid or expired bearer token'],
  '403': ['forbidden', 'Forbidden', 'The caller lacks the required role'],
  '404': ['not-found', 'Not found', "Nothing is found at this path, or it is not the caller's"],
  '409': [
    'idempotency-key-in-use',
    'Request in progress',
    'A request with this Idempotency-Key is still being processed; retry after Retry-After',
  ],
  '413': ['payload-too-large', 'Payload too large', 'The request body is larger than the server accepts'],
  '415': [
    'unsupported-media-type',
    'Unsupported media type',
    'The request body is not of the type this operation consumes',
  ],
  '422': ['idempotency-key-reused', 'Idempotency-Key reused', 'This Idempotency-Key was used for a different request'],
  '429': ['rate-limited', 'Too many requests', 'Rate limit exceeded; see Retry-After and the RateLimit fields'],
  '500': ['internal', 'Internal server error', 'Unexpected server error; quote the request id to support'],
  '503': ['database-busy', 'Service busy', 'No database connection came free in time; retry after Retry-After'],
};
/** What a success answer is, where its operation says no more. */
const SUCCESS: Record<string, string> = {
  '200': 'OK',
  '201': 'Created',
  '202': 'Accepted: the work goes on in the background',
  '204': 'Done; no content',
};

/** Titles of statuses only operations declare (402, 502, 504, …), for their problem examples. */
const TITLES: Record<string, string> = {
  '402': 'Payment required',
  '405': 'Method not allowed',
  '423': 'Locked',
  '502': 'Bad gateway',
  '504': 'Gateway timeout',
};

const IF_NONE_MATCH = {
  name: 'If-None-Match',
  in: 'header',
  required: false,
  description: 'ETags of copies the caller holds: 304 without a body when one is current',
  schema: { type: 'string' },
};

/** Descriptions of path parameters named the same across the API; anything else must describe itself. */
const COMMON_PARAMETERS: Record<string, string> = {
  id: 'The id (a UUID) of the resource',
  slug: "The mini-app's slug, e.g. city-bikes",
  version: 'A version of the mini-app (semantic versioning), e.g. 1.0.0',
  launchId: 'The launch the call belongs to, as POST /runtime/launches answered it',
  key: 'The storage key, 1 to 128 characters',
  scope: 'An SDK scope, e.g. location',
  role: 'One of the platform roles',
  digest: "The bundle's SHA-256, hex",
};

export function completeOperations(document: OpenAPIObject): OpenAPIObject {
  const schemas = { ...document.components?.schemas, Problem: PROBLEM_SCHEMA } as Record<string, any>;
  document.components = { ...document.components, schemas, headers: HEADERS };
  for (const [path, pathItem] of Object.entries(document.paths)) {
    for (const operation of Object.values(pathItem) as Operation[]) {
      if (!operation || typeof operation !== 'object' || !('responses' in operation)) continue;
      completeOperation(path, operation, schemas);
    }
  }
  return document;
}

function completeOperation(path: string, operation: Operation, schemas: Record<string, any>): void {
  const responses = operation.responses as Record<string, Response>;
  const idempotent = operation[IDEMPOTENT_EXTENSION] === true;
  const limited = operation[NOT_RATE_LIMITED_EXTENSION] !== true;
  const conditional = operation[ETAG_EXTENSION] ? [IF_NONE_MATCH] : [];
  operation.parameters = describedParameters([...(operation.parameters ?? []), ...conditional]);
  for (const [status, description] of Object.entries(errorsOf(path, operation))) {
    const existing = responses[status];
    if (!existing) responses[status] = { description };
    // An operation's own meaning of 409 or 422 stays; the idempotency one is added to it.
    else if (idempotent && (status === '409' || status === '422') && !existing.description?.includes('Idempotency-Key'))
      existing.description = `${existing.description}; or: ${description}`;
  }
  if (operation[ETAG_EXTENSION])
    responses['304'] ??= { description: 'Not modified: If-None-Match named the current ETag' };
  const success = Object.keys(responses).find((status) => status.startsWith('2'));
  for (const [status, response] of Object.entries(responses)) {
    const code = Number(status);
    response.description ||= SUCCESS[status] ?? 'The answer';
    response.headers = {
      ...response.headers,
      'X-Request-Id': header('X-Request-Id'),
      ...(limited && { RateLimit: header('RateLimit'), 'RateLimit-Policy': header('RateLimit-Policy') }),
    };
    if (code === 429 || code === 503 || (idempotent && code === 409))
      response.headers['Retry-After'] = header('Retry-After');
    // Kept answers (not malformed requests, not the caller's limits, not server errors) are replayed under the key.
    if (idempotent && code < 500 && ![400, 401, 403, 409, 413, 415, 429].includes(code))
      response.headers['Idempotent-Replayed'] = header('Idempotent-Replayed');
    if (operation[ETAG_EXTENSION] && (status === success || code === 304)) response.headers.ETag = header('ETag');
    if (operation[LOCATION_EXTENSION] && status === success) {
      response.headers.Location = {
        description: operation[LOCATION_EXTENSION],
        required: true,
        schema: { type: 'string', format: 'uri-reference' },
      };
    }
    if (code >= 400) {
      response.content = {
        [PROBLEM_CONTENT_TYPE]: {
          schema: { $ref: '#/components/schemas/Problem' },
          example: problemExample(path, status, response.description),
        },
      };
    } else if (code < 300) {
      addExamples(response.content, schemas);
    }
  }
  addExamples(operation.requestBody?.content, schemas);
}

/** Every status the platform answers for this operation by itself, with its meaning. */
function errorsOf(path: string, operation: Operation): Record<string, string> {
  const errors: Record<string, string> = {};
  const describe = (status: string, description = PLATFORM_ERRORS[status][2]) => (errors[status] = description);
  describe('400');
  if (operation[SERVER_CREDENTIALS_EXTENSION] === true) {
    operation.security = [{ miniAppServer: [] }];
    describe('401', 'Missing or wrong server credentials of a mini-app');
  } else if (operation[METRICS_TOKEN_EXTENSION] === true) {
    operation.security = [{ metricsToken: [] }, {}];
    describe('401', 'METRICS_TOKEN is set and the request does not carry it as a bearer token');
  } else if (operation[PUBLIC_EXTENSION] !== true) {
    operation.security = [{ bearer: [] }];
    describe('401');
  } else {
    operation.security = [];
  }
  if (operation['x-roles']) describe('403');
  if (path.includes('{')) describe('404');
  if (operation[IDEMPOTENT_EXTENSION] === true) {
    describe('409');
    describe('422');
  }
  if (operation.requestBody) {
    describe('413');
    describe('415');
  }
  if (operation[NOT_RATE_LIMITED_EXTENSION] !== true) describe('429');
  describe('500');
  describe('503');
  return errors;
}

/** Path parameters named as across the API get their usual description; header parameters are listed once, whatever their case. */
function describedParameters(parameters: Array<Record<string, any>>): Array<Record<string, any>> {
  const seen = new Map<string, Record<string, any>>();
  for (const parameter of parameters) {
    const key = `${parameter.in}:${parameter.in === 'header' ? String(parameter.name).toLowerCase() : parameter.name}`;
    const earlier = seen.get(key);
    // Of a header declared twice (an @ApiHeader and a @Headers argument), the one that says more stays.
    if (!earlier || (!earlier.description && parameter.description)) seen.set(key, parameter);
  }
  return [...seen.values()].map((parameter) =>
    parameter.in === 'path' && !parameter.description && COMMON_PARAMETERS[parameter.name]
      ? { ...parameter, description: COMMON_PARAMETERS[parameter.name] }
      : parameter,
  );
}

function problemExample(path: string, status: string, description: string | undefined): Record<string, unknown> {
  const known = PLATFORM_ERRORS[status];
  const example: Record<string, unknown> = {
    // An operation's own problem types are in its description; the generic example says only the status (RFC 9457 §4.2.1).
    type: known ? PROBLEM_TYPE_BASE + known[0] : 'about:blank',
    title: known?.[1] ?? TITLES[status] ?? 'Error',
    status: Number(status),
    detail: description ?? known?.[2] ?? 'Error',
    instance: path.replace(/\{(\w+)\}/g, (_, name: string) =>
      name === 'slug' ? 'city-bikes' : name === 'version' ? '1.0.0' : '7d3f1c2a-5b8e-4f60-9a1d-2c4e6f8a0b13',
    ),
    requestId: '0f6c1e9a-2d4b-4a8e-b1f3-5c7d9e2a4b6c',
  };
  if (status === '400') example.errors = [{ pointer: '#/email', detail: 'email must be an email' }];
  return example;
}

function addExamples(content: Record<string, Record<string, any>> | undefined, schemas: Record<string, any>): void {
  for (const [mediaType, media] of Object.entries(content ?? {})) {
    if (!/json/.test(mediaType) || media.example !== undefined || media.examples !== undefined) continue;
    const example = exampleOf(media.schema, schemas);
    if (example !== undefined) media.example = example;
  }
}
