import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAndLogin } from './support/identity-fixtures';
import { rawGet, rawRequest } from './support/raw-http';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * A property-based fuzzer driven by the platform's own OpenAPI document: every operation gets
 * requests whose parameters, headers and body are malformed in every way we know of, from
 * callers with no token, a forged one, a user's and an admin's. Whatever the input, the answer is
 * never a 5xx, and an error is always `application/problem+json`.
 *
 * The seed is fixed so `npm test` is repeatable; FUZZ_SEED and FUZZ_RUNS (per operation) explore
 * further locally, e.g. `FUZZ_SEED=$RANDOM FUZZ_RUNS=200 npx vitest run test/openapi-fuzz.e2e-spec.ts`.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 17);
const RUNS = Number(process.env.FUZZ_RUNS ?? 20);
const ADMIN_EMAIL = `fuzz-admin-${randomUUID()}@example.com`;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

type Schema = {
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  items?: Schema;
  properties?: Record<string, Schema>;
  $ref?: string;
};
interface Operation {
  method: string;
  path: string;
  parameters: Array<{ in: string; name: string; schema?: Schema }>;
  body?: Schema;
}
interface FuzzRequest {
  path: string;
  query: Array<[string, string]>;
  headers: Record<string, string>;
  body?: string;
}

/** Text values of every malformed kind, as decoded JS strings (for JSON bodies). */
const hostileText = fc.constantFrom(
  '',
  'a\u0000b',
  '\u0000',
  'x\ud800y',
  '\udfff',
  'x'.repeat(10_000),
  '%',
  '%E0%A4%A',
  '9223372036854775808',
  '-1',
  '1e308',
  'NaN',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '\u202e\ufeff\u200b',
  '😀'.repeat(100),
);

/** JSON values of wrong types and extreme sizes. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileText,
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -1,
    2 ** 63,
    -(2 ** 63),
    1e308,
    -1e308,
    0.5,
    Number.MAX_SAFE_INTEGER + 2,
    [],
    {},
    [[[]]],
    { a: { b: 'c' } },
    ['x', 1, null],
  ),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Path and query values, already percent-encoded as they go on the wire: escapes a URL parser takes but a decoder may not. */
const hostileUrlToken = fc.oneof(
  fc.constantFrom(
    '%00',
    'a%00b',
    '%ED%A0%80',
    '%ED%BF%BF',
    '%E0%A4%A',
    '%',
    '%ZZ',
    '%C0%AF',
    '%FF',
    '%F0%9F',
    '..%2F..%2F',
    '%2e%2e',
    'x'.repeat(300),
    '9223372036854775808',
    '-1',
    '1e308',
    '%20',
    '%5B%5D',
  ),
  hostileText.filter((text) => text.length < 400).map((text) => encodeUriLoosely(text)),
);

/** Whole bodies that are not the JSON any route takes. */
const hostileBody = fc.constantFrom(
  '['.repeat(3_000) + ']'.repeat(3_000),
  '{"a":'.repeat(800) + '1' + '}'.repeat(800),
  '{"a":',
  '',
  'null',
  '[]',
  '"x"',
  '42',
  '1e999',
  '{"__proto__":{"admin":true}}',
  '{"constructor":{"prototype":{"admin":true}}}',
  '{"a":"\\u0000"}',
  '{"a":"\\ud800"}',
  '\u0000',
  `{"a":"${'x'.repeat(200_000)}"}`,
);

/** encodeURIComponent, except that a lone surrogate (which it refuses) is written as its ill-formed UTF-8 bytes. */
function encodeUriLoosely(text: string): string {
  return [...text]
    .map((char) =>
      /\p{Cs}/u.test(char)
        ? `%ED%${(0x80 | ((char.charCodeAt(0) >> 6) & 0x3f)).toString(16).toUpperCase()}%${(0x80 | (char.charCodeAt(0) & 0x3f)).toString(16).toUpperCase()}`
        : encodeURIComponent(char),
    )
    .join('');
}

/** A value the schema would accept, more or less: malformed requests are more telling when the rest of them is sound. */
function plausible(schema: Schema | undefined, name: string, resolve: (schema: Schema) => Schema): unknown {
  const s = schema ? resolve(schema) : {};
  if (s.enum?.length) return s.enum[0];
  if (s.example !== undefined) return s.example;
  if (s.format === 'uuid' || /id$/i.test(name)) return randomUUID();
  if (s.format === 'date-time') return '2026-01-01T00:00:00.000Z';
  if (s.type === 'number' || s.type === 'integer') return 1;
  if (s.type === 'boolean') return true;
  if (s.type === 'array') return [plausible(s.items, name, resolve)];
  if (s.type === 'object' || s.properties)
    return Object.fromEntries(
      Object.entries(s.properties ?? {}).map(([key, child]) => [key, plausible(child, key, resolve)]),
    );
  if (name === 'slug') return 'city-bikes';
  if (name === 'version') return '1.0.0';
  return 'x';
}

function operationsOf(document: any): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries<any>(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      operations.push({
        method: method.toUpperCase(),
        path,
        parameters: operation.parameters ?? [],
        body: operation.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return operations;
}

describe('the API under a fuzzer driven by its OpenAPI document', () => {
  let t: TestApp;
  let document: any;
  const tokens: Record<string, string | undefined> = {};
  beforeAll(async () => {
    t = await startTestApp({ ADMIN_EMAIL });
    document = (await t.http.get('/docs-json')).body;
    const [user, admin] = await Promise.all([
      registerAndLogin(t.http),
      registerAndLogin(t.http, { email: ADMIN_EMAIL }),
    ]);
    Object.assign(tokens, {
      none: undefined,
      user: `Bearer ${user.accessToken}`,
      admin: `Bearer ${admin.accessToken}`,
    });
  });
  afterAll(() => t?.close());

  const resolve = (schema: Schema): Schema =>
    schema.$ref ? document.components.schemas[schema.$ref.split('/').pop()!] : schema;

  /** Requests for one operation: each parameter and field plausible or hostile, the body sometimes replaced outright. */
  function requestsFor(operation: Operation): fc.Arbitrary<FuzzRequest> {
    const url = (name: string, schema?: Schema) =>
      fc.oneof(
        { weight: 1, arbitrary: fc.constant(encodeURIComponent(String(plausible(schema, name, resolve)))) },
        { weight: 2, arbitrary: hostileUrlToken },
      );
    const pathParams = operation.parameters.filter((p) => p.in === 'path');
    const queryParams = operation.parameters.filter((p) => p.in === 'query');
    const bodySchema = operation.body ? resolve(operation.body) : undefined;
    const fields = Object.entries(bodySchema?.properties ?? {});
    const field = ([name, schema]: [string, Schema]) =>
      fc
        .option(fc.oneof(fc.constant(plausible(schema, name, resolve)), hostileValue), { nil: undefined, freq: 5 })
        .map((value) => [name, value] as const);
    const jsonBody = fc
      .tuple(...fields.map(field))
      .map((entries) => JSON.stringify(Object.fromEntries(entries.filter(([, value]) => value !== undefined))));
    return fc
      .record({
        path: fc
          .tuple(...pathParams.map((p) => url(p.name, p.schema)))
          .map((values) => pathParams.reduce((path, p, i) => path.replace(`{${p.name}}`, values[i]), operation.path)),
        query: fc
          .subarray(queryParams)
          .chain((chosen) =>
            fc.tuple(...chosen.map((p) => url(p.name, p.schema).map((value) => [p.name, value] as [string, string]))),
          ),
        caller: fc.constantFrom('none', 'forged', 'basic', 'user', 'admin', 'admin'),
        idempotencyKey: fc.constantFrom(undefined, randomUUID(), '', 'x'.repeat(300), '"quoted"', 'ü'),
        body:
          operation.body || operation.method !== 'GET'
            ? fc.oneof({ weight: 3, arbitrary: jsonBody }, { weight: 1, arbitrary: hostileBody })
            : fc.constant(undefined),
        contentType: fc.constantFrom(
          'application/json',
          'application/json',
          'application/json',
          'application/json; charset=latin1',
          'text/plain',
          'application/x-www-form-urlencoded',
        ),
      })
      .map(({ path, query, caller, idempotencyKey, body, contentType }) => {
        const headers: Record<string, string> = {};
        const authorization =
          caller === 'forged'
            ? 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.'
            : caller === 'basic'
              ? 'Basic Y2l0eS1iaWtlczp3cm9uZw=='
              : tokens[caller];
        if (authorization) headers.authorization = authorization;
        if (idempotencyKey !== undefined)
          headers['idempotency-key'] = Buffer.from(idempotencyKey, 'utf8').toString('latin1');
        if (body !== undefined) headers['content-type'] = contentType;
        return { path, query, headers, body };
      });
  }

  async function send(operation: Operation, request: FuzzRequest): Promise<string | null> {
    const search = request.query.map(([name, value]) => `${name}=${value}`).join('&');
    const target = `${request.path}${search ? `?${search}` : ''}`;
    const response = await fetch(t.baseUrl + target, {
      method: operation.method,
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    if (response.status >= 500)
      return `${operation.method} ${target} answered ${response.status}: ${text.slice(0, 300)}`;
    if (response.status >= 400 && !/^application\/problem\+json(;|$)/.test(type))
      return `${operation.method} ${target} answered ${response.status} as ${type || 'no content type'}: ${text.slice(0, 300)}`;
    return null;
  }

  it(
    'never answers a 5xx or an error that is not problem+json, for any operation, input or caller',
    { timeout: 300_000 },
    async () => {
      const operations = operationsOf(document);
      expect(operations.length).toBeGreaterThan(50);
      const failures: string[] = [];
      for (const [index, operation] of operations.entries()) {
        const result = await fc.check(
          fc.asyncProperty(requestsFor(operation), async (request) => {
            const failure = await send(operation, request);
            if (failure) throw new Error(failure);
          }),
          { seed: SEED + index, numRuns: RUNS, endOnFailure: true },
        );
        if (result.failed)
          failures.push(
            `${operation.method} ${operation.path} (seed ${SEED + index}): ${(result.errorInstance as Error)?.message ?? result.counterexample}`,
          );
      }
      expect(failures).toEqual([]);
    },
  );

  it('answers requests no HTTP client would send with problem+json, on any route', { timeout: 60_000 }, async () => {
    const operations = operationsOf(document);
    const raw = fc.record({
      operation: fc.constantFrom(...operations),
      damage: fc.constantFrom('non-ascii', 'control', 'huge-header', 'space'),
    });
    await fc.assert(
      fc.asyncProperty(raw, async ({ operation, damage }) => {
        const path = operation.path.replace(/\{\w+\}/g, 'x');
        const target =
          damage === 'non-ascii'
            ? Buffer.from(`${path}/caf\u00e9`, 'utf8')
            : damage === 'control'
              ? `${path}\u0001`
              : damage === 'space'
                ? `${path} x`
                : path;
        const response = await rawRequest(
          t.baseUrl,
          rawGet(target, damage === 'huge-header' ? { 'x-padding': 'a'.repeat(20_000) } : {}),
        );
        expect(response.status, `${damage} ${path}: ${response.text}`).toBeLessThan(500);
        if (response.status >= 400)
          expect(response.headers.get('content-type'), `${damage} ${path}`).toMatch(/^application\/problem\+json(;|$)/);
      }),
      { seed: SEED, numRuns: 3 * RUNS },
    );
  });
});
