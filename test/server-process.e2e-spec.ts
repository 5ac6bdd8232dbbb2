import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { STRONG_PASSWORD } from './support/identity-fixtures';
import { startServerProcess, waitUntilReady, type ServerProcess } from './support/server-process';
import { waitFor } from './support/wait-for';
import { FUTURE_EXPIRY_YEAR } from './support/wallet-fixtures';

const CARD = '4242424242424242';
const BAD_CARD = '4242424242424241';

describe('the server process', { timeout: 90_000 }, () => {
  let server: ServerProcess | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('refuses to start on a malformed setting, naming it in one line', async () => {
    server = await startServerProcess({ PORT: 'eighty' });
    expect(await server.exited).not.toBe(0);
    expect(server.output().trim().split('\n')).toHaveLength(1);
    expect(server.output()).toMatch(/^Invalid configuration: PORT: /);
  });

  /** The whole output of a start that must fail: exactly one line, nothing that says it started. */
  async function failedStart(env: Record<string, string>): Promise<string> {
    server = await startServerProcess(env);
    expect(await server.exited).not.toBe(0);
    const lines = server.output().trim().split('\n');
    expect(lines, server.output()).toHaveLength(1);
    expect(lines[0]).not.toMatch(/listening|started/);
    return lines[0];
  }

  it('refuses to start on an unreachable database in one line that names DATABASE_URL, and hides its password', async () => {
    const line = await failedStart({ DATABASE_URL: 'postgres://postgres:hunter2@127.0.0.1:1/superapp' });
    expect(line).toMatch(
      /^Cannot use PostgreSQL at postgres:\/\/postgres@127\.0\.0\.1:1\/superapp \(.*ECONNREFUSED.*\): .*DATABASE_URL/,
    );
    expect(line).not.toContain('hunter2');
  });

  it('refuses to start on an unreachable Redis in one line that names REDIS_URL', async () => {
    expect(await failedStart({ REDIS_URL: 'redis://127.0.0.1:1' })).toMatch(
      /^Cannot reach Redis at redis:\/\/127\.0\.0\.1:1 \(.*\): .*REDIS_URL/,
    );
  });

  it('refuses to start with BUS_TRANSPORT=nats and an unreachable NATS in one line that names NATS_URL, and hides its password', async () => {
    const line = await failedStart({ BUS_TRANSPORT: 'nats', NATS_URL: 'nats://bus:hunter2@127.0.0.1:1' });
    expect(line).toMatch(/^Cannot reach NATS at nats:\/\/bus@127\.0\.0\.1:1 \(.*\): .*NATS_URL/);
    expect(line).not.toContain('hunter2');
  });

  it('refuses to start on a port in use in one line that names PORT', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      expect(await failedStart({ PORT: String(port) })).toBe(
        `Port ${port} is already in use on 127.0.0.1: stop what listens there, or set PORT to another port`,
      );
    } finally {
      taken.close();
    }
  });

  it('writes JSON logs with request and trace ids, and never a password, token, card number or CVC', async () => {
    server = await startServerProcess({ LOG_LEVEL: 'debug' });
    await waitUntilReady(server);
    const email = `logs-${Date.now()}@example.com`;
    const headers = { 'content-type': 'application/json', 'x-request-id': 'trace-me-123' };
    await fetch(`${server.baseUrl}/identity/register`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ email, password: STRONG_PASSWORD, displayName: 'Logger' }),
    });
    const login = await fetch(`${server.baseUrl}/identity/login`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ email, password: STRONG_PASSWORD }),
    });
    const tokens = (await login.json()) as { accessToken: string; refreshToken: string };
    // A card, valid and not (the invalid one fails validation, whose messages must not echo it either).
    const auth = { ...headers, authorization: `Bearer ${tokens.accessToken}` };
    await fetch(`${server.baseUrl}/wallet/instruments/cards`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ number: CARD, expMonth: 12, expYear: FUTURE_EXPIRY_YEAR, cvc: '737' }),
    });
    await fetch(`${server.baseUrl}/wallet/instruments/cards`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ number: BAD_CARD, expMonth: 13, expYear: FUTURE_EXPIRY_YEAR, cvc: '7377' }),
    });
    await fetch(`${server.baseUrl}/identity/me`, {
      headers: { authorization: `Bearer ${tokens.accessToken}`, 'x-request-id': 'me-456' },
    });

    const lines = await waitFor(() => {
      const parsed = server!
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l));
      return parsed.some((l) => l.req?.id === 'me-456') && parsed;
    });
    for (const line of server.stdout().split('\n').filter(Boolean)) expect(() => JSON.parse(line), line).not.toThrow();
    const completed = lines.find((l) => l.req?.id === 'me-456' && l.res);
    // A real trace id (the all-zero one is what a tracer that is not set up gives every request).
    expect(completed).toMatchObject({
      res: { statusCode: 200 },
      traceId: expect.stringMatching(/^(?!0{32})[0-9a-f]{32}$/),
    });
    const text = server.output();
    // The CVC as a JSON value or key: three digits alone also turn up inside timestamps.
    for (const secret of [
      STRONG_PASSWORD,
      tokens.accessToken,
      tokens.refreshToken,
      tokens.accessToken.split('.')[2],
      CARD,
      BAD_CARD,
      '"737"',
      '"cvc"',
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it('finishes in-flight requests on SIGTERM, then exits cleanly', async () => {
    server = await startServerProcess();
    await waitUntilReady(server);
    const { port } = new URL(server.baseUrl);
    const body = JSON.stringify({ email: 'slow@example.com', password: 'not the password' });
    const socket = connect(Number(port), '127.0.0.1');
    let response = '';
    socket.on('data', (chunk: Buffer) => (response += chunk.toString()));
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(
      `POST /identity/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    socket.write(body.slice(0, 10));

    server.child.kill('SIGTERM');
    await waitFor(
      () =>
        fetch(`${server!.baseUrl}/health/live`).then(
          () => false,
          () => true,
        ),
      5_000,
    );
    socket.write(body.slice(10));
    await waitFor(() => response.includes('\r\n\r\n') && response);
    expect(response).toMatch(/^HTTP\/1.1 401/);
    expect(await server.exited).toBe(0);
  });
});

describe('tracing', { timeout: 90_000 }, () => {
  let server: ServerProcess | undefined;
  let collector: Server | undefined;
  afterEach(async () => {
    await server?.stop();
    await new Promise((resolve) => collector?.close(resolve));
  });

  it('exports spans over OTLP when an endpoint is set, under the trace id the logs show', async () => {
    const received: string[] = [];
    collector = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        if (req.url === '/v1/traces') received.push(body);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector!.listen(0, '127.0.0.1', resolve));
    const { port } = collector.address() as AddressInfo;
    server = await startServerProcess({
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
    await waitUntilReady(server);

    await fetch(`${server.baseUrl}/identity/me`, { headers: { 'x-request-id': 'traced-1' } });
    const logged = await waitFor(() =>
      server!
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l))
        .find((l) => l.req?.id === 'traced-1' && l.traceId),
    );
    const exported = await waitFor(() => received.find((body) => body.includes(logged.traceId)), 10_000);
    expect(exported).toContain('superapp-platform');
  });
});
