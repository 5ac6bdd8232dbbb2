import { connect } from 'node:net';
import Fastify from 'fastify';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { logAbort, logCompletion } from './request-log';

const servers: ReturnType<typeof Fastify>[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A server with one route answering the status it is asked for, logging at `level` into `lines`. */
async function loggedServer(level: string) {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level }, { write: (line: string) => lines.push(JSON.parse(line)) });
  const fastify = Fastify();
  fastify.addHook('onResponse', (request, reply, done) => {
    logCompletion(logger, request, reply);
    done();
  });
  fastify.addHook('onRequestAbort', (request, done) => {
    logAbort(logger, request);
    done();
  });
  const received: string[] = [];
  fastify.addHook('onRequest', (request, _reply, done) => {
    received.push(request.url);
    done();
  });
  fastify.post('/upload', () => ({}));
  servers.push(fastify);
  fastify.get('/answer/:status', (request, reply) => {
    void reply.code(Number((request.params as { status: string }).status)).send({});
  });
  fastify.get('/health/live', () => ({ status: 'ok' }));
  await fastify.ready();
  return { fastify, lines, received };
}

describe('the request log', () => {
  it('writes one line per request with its id, method, URL and status, at a level that follows the status', async () => {
    const { fastify, lines } = await loggedServer('info');
    for (const status of [200, 404, 503]) await fastify.inject({ url: `/answer/${status}?q=1` });
    expect(lines.map((line) => [line.level, line.msg, line.req, line.res])).toEqual([
      [30, 'request completed', { id: expect.any(String), method: 'GET', url: '/answer/200?q=1' }, { statusCode: 200 }],
      [40, 'request completed', { id: expect.any(String), method: 'GET', url: '/answer/404?q=1' }, { statusCode: 404 }],
      [50, 'request errored', { id: expect.any(String), method: 'GET', url: '/answer/503?q=1' }, { statusCode: 503 }],
    ]);
    expect(lines.every((line) => line.correlationId === (line.req as { id: string }).id)).toBe(true);
  });

  it('keeps to the configured level: at warn, successes write nothing and failures still do', async () => {
    const { fastify, lines } = await loggedServer('warn');
    await fastify.inject({ url: '/answer/200' });
    await fastify.inject({ url: '/answer/400' });
    expect(lines.map((line) => (line.res as { statusCode: number }).statusCode)).toEqual([400]);
  });

  it('never logs a probe, nor a header of any request', async () => {
    const { fastify, lines } = await loggedServer('info');
    await fastify.inject({ url: '/health/live' });
    await fastify.inject({ url: '/answer/200', headers: { authorization: 'Bearer secret-token' } });
    expect(lines).toHaveLength(1);
    expect(JSON.stringify(lines)).not.toContain('secret-token');
  });

  it('writes a line for a request whose client leaves before sending all of it', async () => {
    const { fastify, lines, received } = await loggedServer('info');
    const address = await fastify.listen({ port: 0, host: '127.0.0.1' });
    const socket = connect(Number(new URL(address).port), '127.0.0.1');
    socket.write(
      'POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a"',
    );
    await vi.waitFor(() => expect(received).toEqual(['/upload']));
    socket.destroy();
    await vi.waitFor(() => expect(lines).toHaveLength(1), { timeout: 5_000 });
    expect(lines[0]).toMatchObject({
      level: 40,
      msg: 'request aborted',
      req: { method: 'POST', url: '/upload' },
      res: { statusCode: null },
    });
  });
});
