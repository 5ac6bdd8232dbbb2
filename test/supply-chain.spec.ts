import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

/** What the advisory endpoint of a registry answers: nothing found, one high advisory on pino, or 405 as the registry here does. */
type Advisories = 'none' | 'pino-high' | 'refused';

/** A registry that answers only npm audit's bulk advisory request, the way `advisories` says. */
async function advisoryRegistry(advisories: Advisories): Promise<Server> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      if (request.method !== 'POST' || !request.url?.endsWith('/-/npm/v1/security/advisories/bulk'))
        return void response.writeHead(404).end();
      if (advisories === 'refused') return void response.writeHead(405, { allow: 'GET, HEAD' }).end();
      const found =
        advisories === 'pino-high'
          ? {
              pino: [
                {
                  id: 1,
                  url: 'https://example.com/advisories/1',
                  title: 'Log forging',
                  severity: 'high',
                  vulnerable_versions: '<99.0.0',
                  cwe: [],
                  cvss: { score: 7.5, vectorString: null },
                },
              ],
            }
          : {};
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(found));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

const caches: string[] = [];

function audit(registry: Server): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { port } = registry.address() as AddressInfo;
  // npm from PATH, as a pipeline runs it; the registry (and so the advisory source) is the fake one, and the
  // cache a fresh one (npm keeps advisories it has seen by id).
  const env = {
    ...process.env,
    npm_execpath: '',
    npm_config_registry: `http://127.0.0.1:${port}/`,
    npm_config_cache: mkdtempSync(join(tmpdir(), 'npm-cache-')),
  };
  caches.push(env.npm_config_cache);
  const child = spawn(process.execPath, ['scripts/audit.mjs'], { env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('supply chain', { timeout: 60_000 }, () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
    for (const cache of caches.splice(0)) rmSync(cache, { recursive: true, force: true });
  });

  it('writes a CycloneDX bill of materials of the production dependencies with the build', () => {
    const bom = JSON.parse(readFileSync('dist/sbom.cdx.json', 'utf8'));
    expect(bom).toMatchObject({
      bomFormat: 'CycloneDX',
      metadata: { component: { name: 'superapp-platform', type: 'application' } },
    });
    const names = bom.components.map((component: { name: string }) => component.name);
    // Every production dependency, also those a dev dependency shares (npm sbom --omit dev loses those), and no dev-only one.
    const { dependencies } = JSON.parse(readFileSync('package.json', 'utf8'));
    expect(names).toEqual(expect.arrayContaining(Object.keys(dependencies)));
    expect(names).not.toContain('vitest');
  });

  it('passes the audit gate when the advisory source knows nothing against the production dependencies', async () => {
    servers.push(await advisoryRegistry('none'));
    const result = await audit(servers[0]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^audit: passed, no production package vulnerable at high or above/);
  });

  it('fails the audit gate on a high advisory, naming the package and the advisory', async () => {
    servers.push(await advisoryRegistry('pino-high'));
    const result = await audit(servers[0]);
    expect(result.code, result.stdout).toBe(1);
    expect(result.stdout).toMatch(/^high\tpino\tLog forging \(https:\/\/example.com\/advisories\/1\)$/m);
    expect(result.stdout).toMatch(/^high\tpino-http\tthrough pino$/m);
    expect(result.stderr).toMatch(/^audit: FAILED, \d+ production package\(s\) vulnerable at high or above/);
  });

  it('fails the audit gate, in one line, when the advisory source cannot be reached, instead of passing', async () => {
    servers.push(await advisoryRegistry('refused'));
    const result = await audit(servers[0]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^audit: FAILED, no advisory source answered, so the dependencies were not checked \(405 Method Not Allowed/,
      ),
    ]);
  });
});
