import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAndLogin, STRONG_PASSWORD } from './support/identity-fixtures';
import { MetricsServer } from '../src/platform/observability/metrics-server';
import { HttpClient } from './support/http-client';
import { startTestApp, type TestApp } from './support/test-app';

function sample(metrics: string, name: string, labels = ''): number {
  const line = metrics
    .split('\n')
    .find((l) => l.startsWith(`${name}${labels} `) || (labels === '' && l.startsWith(`${name} `)));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('metrics and health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('moves the signup funnel: started for every attempt, completed only for accounts created', async () => {
    const before = (await t.http.get('/metrics')).text;
    await registerAndLogin(t.http);
    await t.http.post('/identity/register', {
      email: `weak-${randomUUID()}@example.com`,
      password: 'password',
      displayName: 'Weak',
    });
    const after = (await t.http.get('/metrics')).text;
    expect(sample(after, 'user_signup_started_total') - sample(before, 'user_signup_started_total')).toBe(2);
    expect(sample(after, 'user_signup_completed_total') - sample(before, 'user_signup_completed_total')).toBe(1);
    expect(sample(after, 'user_signup_rejected_total', '{reason="weak-password"}')).toBeGreaterThanOrEqual(1);
  });

  it('times requests by route template and status, and exports process metrics', async () => {
    const user = await registerAndLogin(t.http);
    await t.http.get('/identity/me', { token: user.accessToken });
    await t.http.post('/identity/login', { email: user.email, password: STRONG_PASSWORD + 'x' });
    const response = await t.http.get('/metrics');
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(response.text).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/identity\/me",status_code="200"\} [1-9]/,
    );
    expect(response.text).toMatch(
      /http_request_duration_seconds_count\{method="POST",route="\/identity\/login",status_code="401"\} [1-9]/,
    );
    expect(response.text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(response.text).toMatch(/^nodejs_eventloop_lag_seconds /m);
  });

  it('reports live, and ready with PostgreSQL and Redis up, in the multi-instance mode', async () => {
    const live = await t.http.get('/health/live');
    expect(live.status).toBe(200);
    expect(live.body.status).toBe('ok');
    const ready = await t.http.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.details).toMatchObject({
      postgres: { status: 'up' },
      redis: { status: 'up' },
      instance: { status: 'up', mode: 'multi-instance' },
    });
    expect((await t.http.get('/metrics')).text).toMatch(/^platform_deployment_mode\{mode="multi-instance"\} 1$/m);
  });
});

describe('readiness while Redis is down', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ REDIS_URL: 'redis://127.0.0.1:1' });
  });
  afterAll(() => t?.close());

  it('answers not ready (503) while the API keeps serving, rate limits failing open', async () => {
    const ready = await t.http.get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.headers.get('content-type')).toMatch(/problem\+json/);
    expect(ready.body.details).toMatchObject({ postgres: { status: 'up' }, redis: { status: 'down' } });
    const user = await registerAndLogin(t.http);
    expect((await t.http.get('/identity/me', { token: user.accessToken })).status).toBe(200);
  });
});

describe('metrics kept from the public', () => {
  const token = randomUUID() + randomUUID();
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ METRICS_TOKEN: token });
  });
  afterAll(() => t?.close());

  it('refuses /metrics without the metrics token, with a bearer challenge, and serves it with the token', async () => {
    for (const authorization of [undefined, `Bearer ${token}x`, `Basic ${token}`]) {
      const refused = await t.http.get('/metrics', authorization ? { headers: { authorization } } : {});
      expect(refused.status, authorization).toBe(401);
      expect(refused.headers.get('content-type')).toMatch(/problem\+json/);
      expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
    }
    const served = await t.http.get('/metrics', { headers: { authorization: `Bearer ${token}` } });
    expect(served.status).toBe(200);
    expect(served.text).toMatch(/^process_cpu_user_seconds_total /m);
  });
});

describe('metrics on a port of their own', () => {
  const token = randomUUID() + randomUUID();
  let t: TestApp;
  let metricsPort: HttpClient;
  beforeAll(async () => {
    t = await startTestApp({ METRICS_PORT: '0', METRICS_TOKEN: token });
    metricsPort = new HttpClient(`http://127.0.0.1:${t.app.get(MetricsServer).port()}`);
  });
  afterAll(() => t?.close());

  it("serves them there only, behind the token, and not on the API's port", async () => {
    expect((await t.http.get('/metrics', { headers: { authorization: `Bearer ${token}` } })).status).toBe(404);
    expect((await metricsPort.get('/metrics')).status).toBe(401);
    const served = await metricsPort.get('/metrics', { headers: { authorization: `Bearer ${token}` } });
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(served.text).toMatch(/^http_request_duration_seconds_bucket\{/m);
    const elsewhere = await metricsPort.get('/identity/me');
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.headers.get('content-type')).toMatch(/problem\+json/);
  });
});
