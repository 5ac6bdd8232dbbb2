import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isProbe, untracedProbes } from './probes';

type Emit = (event: string | symbol, ...args: unknown[]) => boolean;

let server: Server | undefined;
afterEach(() => server?.close());

/** A server whose emit stands in for OpenTelemetry's wrapped one, recording the URLs it saw. */
async function tracedServer(): Promise<{ seenByTracing: string[]; get: (path: string) => Promise<number> }> {
  const seenByTracing: string[] = [];
  server = createServer((_request, response) => response.end('ok'));
  const plain = server.emit.bind(server) as Emit;
  server.emit = ((event: string | symbol, ...args: unknown[]) => {
    if (event === 'request') seenByTracing.push((args[0] as { url: string }).url);
    return plain(event, ...args);
  }) as Server['emit'];
  untracedProbes(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const get = async (path: string) => (await fetch(`http://127.0.0.1:${port}${path}`)).status;
  return { seenByTracing, get };
}

describe('probes', () => {
  it('are the health routes and the metrics scrape, nothing else', () => {
    expect(['/health/live', '/health/ready', '/metrics'].map(isProbe)).toEqual([true, true, true]);
    expect(['/identity/me', '/metrics/x', '/healthy', undefined].map(isProbe)).toEqual([false, false, false, false]);
  });

  it('reach the handler without passing through tracing, while every other request still does', async () => {
    const { seenByTracing, get } = await tracedServer();
    expect(await get('/health/live')).toBe(200);
    expect(await get('/identity/me')).toBe(200);
    expect(seenByTracing).toEqual(['/identity/me']);
  });

  it('leave a server without tracing as it was', () => {
    server = createServer();
    untracedProbes(server);
    expect(Object.hasOwn(server, 'emit')).toBe(false);
  });
});
