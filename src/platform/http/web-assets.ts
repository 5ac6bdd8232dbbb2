import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { PlatformConfig } from '../config/app-config';
import { miniAppHostTest, miniAppOrigin } from '../config/mini-app-origin';
import { notFound } from '../../shared/kernel/problem';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.md': 'text/plain; charset=utf-8',
};

/** dist/ as built by `npm run build`: beside this file when running from dist, else the repository's. */
export function distDir(): string {
  const fromDist = resolve(__dirname, '..', '..');
  return existsSync(join(fromDist, 'main.js')) ? fromDist : resolve(__dirname, '..', '..', '..', 'dist');
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The shell's own policy: its code only, the mini-app origin as the one thing it may frame, never framed itself. */
function shellPolicy(config: PlatformConfig): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    `frame-src ${miniAppOrigin(config)}`,
    "frame-ancestors 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
}

/**
 * Serves the built front ends from memory: the shell at `/` (its hashed assets cached for good,
 * its page revalidated), the SDK at `/sdk/v1/superapp.js` with its types, on both origins, and the
 * guides at `/guides/*.md`.
 * The mini-app origin answers only bundle files and the SDK: the shell, the docs and the API are
 * 404 there, so nothing of the shell can be reached from a mini-app's site.
 */
export function serveWebAssets(fastify: FastifyInstance, config: PlatformConfig): void {
  const dist = distDir();
  const shellDir = join(dist, 'web', 'shell');
  const sdkDir = join(dist, 'sdk', 'v1');
  const policy = shellPolicy(config);

  const isMiniAppHost = miniAppHostTest(config);
  fastify.addHook('onRequest', (request, _reply, done) => {
    if (isMiniAppHost(request.headers.host) && !/^\/(apps|sdk)\//.test(request.url)) return done(notFound('The page'));
    done();
  });

  for (const file of filesUnder(shellDir)) {
    const path = `/${relative(shellDir, file).split('\\').join('/')}`;
    const content = readFileSync(file);
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    const page = path === '/index.html';
    const headers: Record<string, string> = page
      ? { 'content-type': type, 'content-security-policy': policy, 'cache-control': 'no-cache' }
      : { 'content-type': type, 'cache-control': 'public, max-age=31536000, immutable' };
    const send = (_request: unknown, reply: { headers(h: Record<string, string>): { send(body: Buffer): unknown } }) =>
      reply.headers(headers).send(content);
    fastify.get(page ? '/' : path, send);
  }
  // The architecture and SDK documents (copied from docs/ by the build), as text: the shell links to them.
  for (const file of filesUnder(join(dist, 'guides'))) {
    const content = readFileSync(file);
    const headers = { 'content-type': TYPES['.md'], 'cache-control': 'no-cache' };
    fastify.get(`/guides/${relative(join(dist, 'guides'), file)}`, (_request, reply) =>
      reply.headers(headers).send(content),
    );
  }
  for (const file of filesUnder(sdkDir)) {
    const content = readFileSync(file);
    // Loaded by opaque-origin frames: cross-origin to every page that uses it.
    const headers = {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'public, max-age=300',
      'access-control-allow-origin': '*',
      'cross-origin-resource-policy': 'cross-origin',
      'x-content-type-options': 'nosniff',
    };
    fastify.get(`/sdk/v1/${relative(sdkDir, file)}`, (_request, reply) => reply.headers(headers).send(content));
  }
}
