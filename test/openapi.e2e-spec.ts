import SwaggerParser from '@apidevtools/swagger-parser';
import Ajv from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AllowedMethods } from '../src/platform/http/allowed-methods';
import { startTestApp, type TestApp } from './support/test-app';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface Found {
  where: string;
  path: string;
  operation: any;
}

/** Every operation of the document, with `GET /path` to name it in a failure. */
function operationsOf(document: any): Found[] {
  const found: Found[] = [];
  for (const [path, item] of Object.entries<any>(document.paths)) {
    for (const method of METHODS)
      if (item[method]) found.push({ where: `${method.toUpperCase()} ${path}`, path, operation: item[method] });
  }
  return found;
}

const headerNames = (response: any) => Object.keys(response.headers ?? {});

describe('the OpenAPI document', () => {
  let t: TestApp;
  let document: any;
  beforeAll(async () => {
    t = await startTestApp();
    document = (await t.http.get('/docs-json')).body;
  });
  afterAll(() => t?.close());

  it('is a valid OpenAPI document', async () => {
    await expect(SwaggerParser.validate(structuredClone(document))).resolves.toBeTruthy();
  });

  it('lists every route the server answers', () => {
    const documented = new Set<string>();
    for (const [path, item] of Object.entries<any>(document.paths)) {
      for (const method of METHODS)
        if (item[method]) documented.add(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`);
    }
    const served = t.app
      .get(AllowedMethods)
      .routes()
      // The docs themselves, the guides and the front ends' files (the shell at /, its assets, the SDK), are not API operations.
      .filter((route) => !/^(HEAD|OPTIONS) /.test(route) && !/ \/(docs|guides\/|assets\/|sdk\/v1\/|$)/.test(route));
    expect(served).toEqual(expect.arrayContaining(['POST /identity/register', 'GET /identity/me', 'GET /metrics']));
    for (const route of served) expect(documented, route).toContain(route);
  });

  it('gives every operation its auth requirement and problem+json error responses', () => {
    for (const [path, item] of Object.entries<any>(document.paths)) {
      for (const method of METHODS) {
        const operation = item[method];
        if (!operation) continue;
        const where = `${method.toUpperCase()} ${path}`;
        expect(operation.security, where).toBeDefined();
        if (operation.security.length) expect(operation.responses['401'], where).toBeDefined();
        for (const [status, response] of Object.entries<any>(operation.responses)) {
          if (Number(status) >= 400)
            expect(response.content['application/problem+json'], `${where} ${status}`).toBeDefined();
        }
        expect(
          Object.keys(operation.responses).some((s) => s.startsWith('2')),
          where,
        ).toBe(true);
      }
    }
    expect(document.paths['/identity/me'].get.security).toEqual([{ bearer: [] }]);
    expect(document.paths['/identity/login'].post.security).toEqual([]);
  });

  it("names every operation with a unique camelCase operationId of its own, not Nest's Controller_method", () => {
    const ids = operationsOf(document).map(({ where, operation }) => [where, operation.operationId] as const);
    for (const [where, id] of ids) expect(id, where).toMatch(/^[a-z][a-zA-Z0-9]+$/);
    expect(new Set(ids.map(([, id]) => id)).size).toBe(ids.length);
    expect(document.paths['/identity/register'].post.operationId).toBe('registerUser');
  });

  it('gives every operation a summary and a longer description, and describes every parameter once', () => {
    for (const { where, operation } of operationsOf(document)) {
      expect(operation.summary, where).toBeTruthy();
      expect(operation.description, where).toBeTruthy();
      expect(operation.description, where).not.toBe(operation.summary);
      const keys = (operation.parameters ?? []).map(
        (p: any) => `${p.in}:${p.in === 'header' ? p.name.toLowerCase() : p.name}`,
      );
      expect(new Set(keys).size, `${where} declares a parameter twice: ${keys}`).toBe(keys.length);
      for (const parameter of operation.parameters ?? [])
        expect(parameter.description, `${where} ${parameter.in} ${parameter.name}`).toBeTruthy();
    }
    const topUpHeaders = document.paths['/wallet/top-ups'].post.parameters.filter((p: any) => p.in === 'header');
    expect(topUpHeaders.map((p: any) => p.name)).toEqual(['Idempotency-Key']);
  });

  it('lists every status each operation can answer: validation, auth, roles, missing path resources, idempotency, bodies, rate limits, overload', () => {
    for (const { where, path, operation } of operationsOf(document)) {
      const statuses = Object.keys(operation.responses);
      const expected = ['400', '500', '503'];
      if (operation['x-not-rate-limited']) expect(statuses, `${where} is never rate limited`).not.toContain('429');
      else expected.push('429');
      if (
        operation.security.length &&
        !operation.security.some((requirement: object) => Object.keys(requirement).length === 0)
      )
        expected.push('401');
      if (operation['x-roles']) expected.push('403');
      if (path.includes('{')) expected.push('404');
      if (operation.parameters?.some((p: any) => p.in === 'header' && p.name === 'Idempotency-Key'))
        expected.push('409', '422');
      if (operation.requestBody) expected.push('413', '415');
      expect(statuses, where).toEqual(expect.arrayContaining(expected));
      for (const [status, response] of Object.entries<any>(operation.responses))
        expect(response.description, `${where} ${status}`).toBeTruthy();
    }
  });

  it('declares the headers answers carry: request id on all, RateLimit on all but the liveness probe, Retry-After, Idempotent-Replayed, Location and ETag where they are sent', () => {
    for (const { where, operation } of operationsOf(document)) {
      const idempotent = operation.parameters?.some((p: any) => p.name === 'Idempotency-Key');
      const rateLimitHeaders = ['RateLimit', 'RateLimit-Policy'];
      for (const [status, response] of Object.entries<any>(operation.responses)) {
        expect(headerNames(response), `${where} ${status}`).toContain('X-Request-Id');
        if (operation['x-not-rate-limited'])
          expect(headerNames(response), `${where} ${status}`).not.toEqual(expect.arrayContaining(rateLimitHeaders));
        else expect(headerNames(response), `${where} ${status}`).toEqual(expect.arrayContaining(rateLimitHeaders));
        if (['429', '503'].includes(status) || (idempotent && status === '409'))
          expect(headerNames(response), `${where} ${status}`).toContain('Retry-After');
        if (idempotent && status.startsWith('2'))
          expect(headerNames(response), `${where} ${status}`).toContain('Idempotent-Replayed');
      }
    }
    for (const name of ['X-Request-Id', 'RateLimit', 'RateLimit-Policy', 'Retry-After', 'Idempotent-Replayed', 'ETag'])
      expect(document.components.headers[name], name).toBeDefined();
    // The answers that set Location and ETag today; a route that starts sending one declares it with @ApiLocation or @ApiETag.
    expect(headerNames(document.paths['/review/mini-apps/{slug}/versions'].post.responses['202'])).toContain(
      'Location',
    );
    for (const path of ['/mini-apps/{slug}/versions/{version}/bundle', '/apps/{slug}/{digest}/{path}']) {
      const operation = document.paths[path].get;
      expect(headerNames(operation.responses['200']), path).toContain('ETag');
      expect(operation.responses['304'], path).toBeDefined();
    }
  });

  it('gives every JSON body and answer an example that is valid against its schema', () => {
    const ajv = new Ajv({ strict: false, validateFormats: false });
    ajv.addSchema({ $id: 'doc', components: document.components });
    const validators = new Map<string, ReturnType<typeof ajv.compile>>();
    const validatorOf = (schema: object) => {
      const source = JSON.stringify(schema).replaceAll('"#/components/', '"doc#/components/');
      if (!validators.has(source)) validators.set(source, ajv.compile(JSON.parse(source)));
      return validators.get(source)!;
    };
    const checked: string[] = [];
    for (const { where, operation } of operationsOf(document)) {
      const bodies = [
        ['request', operation.requestBody?.content],
        ...Object.entries<any>(operation.responses).map(([status, response]) => [status, response.content]),
      ] as Array<[string, Record<string, any> | undefined]>;
      for (const [which, content] of bodies) {
        for (const [mediaType, media] of Object.entries<any>(content ?? {})) {
          if (!/json/.test(mediaType)) continue;
          const name = `${where} ${which} ${mediaType}`;
          expect(media.example, name).toBeDefined();
          const validate = validatorOf(media.schema);
          expect(validate(media.example), `${name}: ${ajv.errorsText(validate.errors)}`).toBe(true);
          checked.push(name);
        }
      }
    }
    expect(checked).toContain('POST /identity/register request application/json');
    expect(checked).toContain('POST /identity/register 404 application/problem+json'.replace(' 404', ' 409'));
  });

  it('describes request and response bodies', () => {
    const register = document.paths['/identity/register'].post;
    expect(register.requestBody.content['application/json'].schema.$ref).toMatch(/RegisterRequest$/);
    expect(register.responses['201'].content['application/json'].schema.$ref).toMatch(/UserResponse$/);
    expect(document.components.schemas.RegisterRequest.required).toEqual(
      expect.arrayContaining(['email', 'password', 'displayName']),
    );
  });

  it('keeps bodies of the same name in different modules apart: a merchant refund needs an amount, a wallet refund does not', () => {
    const schemaOf = (path: string) => {
      const ref: string = document.paths[path].post.requestBody.content['application/json'].schema.$ref;
      return document.components.schemas[ref.split('/').pop()!];
    };
    expect(schemaOf('/payments/orders/{id}/refunds').required).toEqual(['amount']);
    expect(schemaOf('/wallet/transfers/{id}/refund').required ?? []).not.toContain('amount');
  });

  it('serves Swagger UI at /docs', async () => {
    const ui = await t.http.get('/docs');
    expect(ui.status).toBe(200);
    expect(ui.text).toMatch(/swagger-ui/i);
  });
});
