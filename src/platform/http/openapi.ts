import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { PUBLIC_EXTENSION } from '../auth/decorators';
import { SERVER_CREDENTIALS_EXTENSION } from '../auth/server-credentials';
import { PROBLEM_CONTENT_TYPE } from './problem-details';

const PROBLEM_SCHEMA = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', format: 'uri', example: 'https://superapp.dev/problems/validation' },
    title: { type: 'string', example: 'Invalid request' },
    status: { type: 'integer', example: 400 },
    detail: { type: 'string', example: 'One or more fields are invalid; see errors.' },
    instance: { type: 'string', example: '/identity/register' },
    requestId: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['pointer', 'detail'],
        properties: { pointer: { type: 'string', example: '#/email' }, detail: { type: 'string', example: 'email must be an email' } },
      },
    },
  },
};

const COMMON_ERRORS: Record<string, string> = {
  '400': 'Invalid request: malformed JSON, unknown or invalid fields (see `errors`)',
  '429': 'Rate limit exceeded; see `Retry-After` and the `RateLimit` fields',
  '500': 'Unexpected server error; quote the request id to support',
};

/** Builds the OpenAPI document and serves Swagger UI at /docs and the JSON at /docs-json. */
export function setupOpenApi(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Super-app platform')
    .setDescription(
      'Identity, wallet, governance bus, mini-app review, discovery and the mini-app runtime. Every error is RFC 9457 `application/problem+json`. ' +
        'Routes need a bearer access token unless marked public.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .addBasicAuth({ type: 'http', scheme: 'basic', description: "A mini-app backend's server credentials: client_id is the mini-app's slug, client_secret the one its owner created" }, 'miniAppServer')
    .build();
  const document = completeOperations(SwaggerModule.createDocument(app, config));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
  return document;
}

/** Adds what every operation shares: its auth requirement and the problem responses. */
function completeOperations(document: OpenAPIObject): OpenAPIObject {
  document.components = { ...document.components, schemas: { ...document.components?.schemas, Problem: PROBLEM_SCHEMA as never } };
  const problemRef = { content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } } };
  for (const pathItem of Object.values(document.paths)) {
    for (const operation of Object.values(pathItem) as Array<Record<string, unknown>>) {
      if (!operation || typeof operation !== 'object' || !('responses' in operation)) continue;
      const isPublic = operation[PUBLIC_EXTENSION] === true;
      const responses = operation.responses as Record<string, Record<string, unknown>>;
      const errors: Record<string, string> = { ...COMMON_ERRORS };
      if (operation[SERVER_CREDENTIALS_EXTENSION] === true) {
        operation.security = [{ miniAppServer: [] }];
        errors['401'] = "Missing or wrong server credentials of a mini-app";
      } else if (!isPublic) {
        operation.security = [{ bearer: [] }];
        errors['401'] = 'Missing, invalid or expired bearer token';
      } else {
        operation.security = [];
      }
      if (operation['x-roles']) errors['403'] = 'The caller lacks the required role';
      for (const [status, description] of Object.entries(errors)) responses[status] ??= { description };
      for (const [status, response] of Object.entries(responses)) {
        if (Number(status) >= 400) responses[status] = { description: response.description ?? 'Error', ...problemRef };
      }
    }
  }
  return document;
}
