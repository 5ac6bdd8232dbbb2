import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AllowedMethods } from '../src/platform/http/allowed-methods';
import { startTestApp, type TestApp } from './support/test-app';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

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
      for (const method of METHODS) if (item[method]) documented.add(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`);
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
          if (Number(status) >= 400) expect(response.content['application/problem+json'], `${where} ${status}`).toBeDefined();
        }
        expect(Object.keys(operation.responses).some((s) => s.startsWith('2')), where).toBe(true);
      }
    }
    expect(document.paths['/identity/me'].get.security).toEqual([{ bearer: [] }]);
    expect(document.paths['/identity/login'].post.security).toEqual([]);
  });

  it('describes request and response bodies', () => {
    const register = document.paths['/identity/register'].post;
    expect(register.requestBody.content['application/json'].schema.$ref).toMatch(/RegisterRequest$/);
    expect(register.responses['201'].content['application/json'].schema.$ref).toMatch(/UserResponse$/);
    expect(document.components.schemas.RegisterRequest.required).toEqual(expect.arrayContaining(['email', 'password', 'displayName']));
  });

  it('serves Swagger UI at /docs', async () => {
    const ui = await t.http.get('/docs');
    expect(ui.status).toBe(200);
    expect(ui.text).toMatch(/swagger-ui/i);
  });
});
