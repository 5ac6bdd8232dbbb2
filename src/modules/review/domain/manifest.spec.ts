import { describe, expect, it } from 'vitest';
import { parseManifest } from './manifest';

const valid = {
  slug: 'city-bikes',
  version: '1.2.0',
  name: 'City Bikes',
  entry: 'index.html',
  sdkVersion: '1',
  permissions: [{ scope: 'location', purpose: 'Show the bike stations near you' }],
  domains: ['https://api.citybikes.example'],
};
const context = { slug: 'city-bikes', files: new Set(['index.html', 'app.js']), earlierVersions: ['1.0.0', '1.1.3'] };
const parse = (manifest: object, ctx: Parameters<typeof parseManifest>[1] = context) =>
  parseManifest(JSON.stringify(manifest), ctx);
const pointers = (result: ReturnType<typeof parse>) => ('errors' in result ? result.errors.map((e) => e.pointer) : []);

describe('the manifest', () => {
  it('accepts the example of the SDK document', () => {
    expect(parse(valid)).toEqual({ manifest: valid });
  });

  it('accepts the wallet scopes, each with its purpose', () => {
    const permissions = [
      { scope: 'wallet.read', purpose: 'Show your balance and statement' },
      { scope: 'wallet.transfer', purpose: 'Top up and send money when you confirm' },
    ];
    expect(parse({ ...valid, permissions })).toEqual({ manifest: { ...valid, permissions } });
  });

  it('gives each wrong field its own error', () => {
    const result = parse({
      ...valid,
      version: 'v2',
      sdkVersion: '2',
      permissions: [{ scope: 'microphone', purpose: 'x' }],
      domains: ['http://insecure.example'],
    });
    expect(pointers(result).sort()).toEqual([
      '#/manifest/domains/0',
      '#/manifest/permissions/0/purpose',
      '#/manifest/permissions/0/scope',
      '#/manifest/sdkVersion',
      '#/manifest/version',
    ]);
  });

  it.each([
    ['an IP address', 'https://10.0.0.1'],
    ['an IPv6 address', 'https://[::1]'],
    ['localhost', 'https://localhost'],
    ['a wildcard', 'https://*.example.com'],
    ['a path', 'https://api.example.com/v1'],
    ['credentials', 'https://user:pw@api.example.com'],
  ])('refuses a domain with %s', (_, domain) => {
    expect(pointers(parse({ ...valid, domains: [domain] }))).toEqual(['#/manifest/domains/0']);
  });

  it.each(['http://127.0.0.1:8080', 'http://localhost:3001', 'https://[::1]:8443'])(
    'accepts the loopback origin %s only where the platform may reach loopback',
    (domain) => {
      expect(pointers(parse({ ...valid, domains: [domain] }))).toEqual(['#/manifest/domains/0']);
      expect(parse({ ...valid, domains: [domain] }, { ...context, allowLoopbackOrigins: true })).toEqual({
        manifest: { ...valid, domains: [domain] },
      });
    },
  );

  it('refuses a loopback origin without its port or with a path even where loopback is allowed', () => {
    const loopback = { ...context, allowLoopbackOrigins: true };
    expect(
      pointers(
        parse({ ...valid, domains: ['http://127.0.0.1', 'http://localhost:3001/api', 'http://10.0.0.1:80'] }, loopback),
      ),
    ).toEqual(['#/manifest/domains/0', '#/manifest/domains/1', '#/manifest/domains/2']);
  });

  it('refuses more than 20 domains', () => {
    const domains = Array.from({ length: 21 }, (_, i) => `https://api${i}.example.com`);
    expect(pointers(parse({ ...valid, domains }))).toEqual(['#/manifest/domains']);
  });

  it('refuses a version not greater than every earlier one', () => {
    expect(pointers(parse({ ...valid, version: '1.1.3' }))).toEqual(['#/manifest/version']);
    expect(parse({ ...valid, version: '1.1.4' })).toHaveProperty('manifest');
  });

  it('refuses an entry that is not in the bundle, a slug of another app and unknown fields', () => {
    expect(pointers(parse({ ...valid, entry: 'main.html' }))).toEqual(['#/manifest/entry']);
    expect(pointers(parse({ ...valid, slug: 'other-app' }))).toEqual(['#/manifest/slug']);
    expect(pointers(parse({ ...valid, extra: true }))).toEqual(['#/manifest']);
  });

  it('says so when manifest.json is not JSON', () => {
    expect(parseManifest('{nope', context)).toEqual({
      errors: [{ pointer: '#/manifest', detail: 'manifest.json is not valid JSON' }],
    });
  });
});

describe('text in the manifest', () => {
  it.each([
    ['a NUL character in the name', { ...valid, name: 'City\u0000Bikes' }, '#/manifest/name'],
    [
      'a lone surrogate in a purpose',
      { ...valid, permissions: [{ scope: 'location', purpose: 'Show the stations \ud800 near you' }] },
      '#/manifest/permissions/0/purpose',
    ],
    ['a NUL character in a key', { ...valid, ['x\u0000']: 1 }, '#/manifest/x\ufffd'],
  ])('refuses %s, naming the field', (_case, manifest, pointer) => {
    expect(pointers(parse(manifest))).toEqual([pointer]);
  });
});
