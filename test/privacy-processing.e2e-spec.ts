import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODULE_CONTRACT_LIST } from '../src/module-contracts';
import { expectProblem } from './support/expect-problem';
import { registerAndLogin } from './support/identity-fixtures';
import { startTestApp, type TestApp } from './support/test-app';

describe('privacy: the record of processing', () => {
  let t: TestApp;
  let adminToken: string;
  beforeAll(async () => {
    const adminEmail = `processing-admin-${Date.now()}@example.com`;
    t = await startTestApp({ ADMIN_EMAIL: adminEmail, SESSION_RETENTION_DAYS: '7' });
    adminToken = (await registerAndLogin(t.http, { email: adminEmail })).accessToken;
  });
  afterAll(() => t?.close());

  it('tells anyone, without signing in, each kind of personal record: purpose, legal basis, retention as configured, recipients', async () => {
    const record = await t.http.get('/privacy/processing');
    expect(record.status, record.text).toBe(200);
    const { activities } = record.body as { activities: Array<Record<string, unknown>> };
    const declared = MODULE_CONTRACT_LIST.flatMap((contract) => contract.personalData.map(() => contract.name));
    expect(activities.map((activity) => activity.module)).toEqual(declared);
    expect(activities).toContainEqual(
      expect.objectContaining({
        module: 'identity',
        retention: '7 days (SESSION_RETENTION_DAYS) after the session ended (a session in use keeps its tokens)',
        legalBasis: 'contract',
      }),
    );
    expect(activities).toContainEqual(
      expect.objectContaining({ module: 'payments', recipients: [expect.stringContaining('merchant backend')] }),
    );
    for (const activity of activities) expect(activity).not.toHaveProperty('table');
  });

  it('adds where each record is kept for admins only', async () => {
    expectProblem(await t.http.get('/privacy/processing/full'), 401, 'missing-token');
    const user = await registerAndLogin(t.http);
    expectProblem(await t.http.get('/privacy/processing/full', { token: user.accessToken }), 403, 'forbidden');
    const full = await t.http.get('/privacy/processing/full', { token: adminToken });
    expect(full.status, full.text).toBe(200);
    expect(full.body.activities).toContainEqual(
      expect.objectContaining({ table: 'identity.refresh_tokens', columns: expect.arrayContaining(['user_id']) }),
    );
  });
});
