import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { completeOperations } from './openapi-completion';

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
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'The METRICS_TOKEN of the deployment (see GET /metrics)' },
      'metricsToken',
    )
    .addBasicAuth(
      {
        type: 'http',
        scheme: 'basic',
        description:
          "A mini-app backend's server credentials: client_id is the mini-app's slug, client_secret the one its owner created",
      },
      'miniAppServer',
    )
    .build();
  const document = completeOperations(SwaggerModule.createDocument(app, config, { operationIdFactory }));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
  return document;
}

/**
 * For an operation that names no operationId: its method and controller, e.g. `listAccounts` for
 * AccountsController.list, never Nest's `AccountsController_list`. Operations should name their own.
 */
function operationIdFactory(controllerKey: string, methodKey: string): string {
  return methodKey + controllerKey.replace(/Controller$/, '');
}
