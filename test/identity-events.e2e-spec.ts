import { TransactionHost } from '@nestjs-cls/transactional';
import { EventBus, type IEvent } from '@nestjs/cqrs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserRegistered } from '../src/shared/contracts/identity';
import { registerAndLogin } from './support/identity-fixtures';
import { startTestApp, type TestApp } from './support/test-app';
import { waitFor } from './support/wait-for';

describe('identity.user-registered', () => {
  let t: TestApp;
  const seen: IEvent[] = [];
  beforeAll(async () => {
    t = await startTestApp();
    t.app.get(EventBus).subscribe((event) => seen.push(event));
  });
  afterAll(() => t?.close());

  it('is published once per registration, with ids and no contact data', async () => {
    const user = await registerAndLogin(t.http, { displayName: 'Eve Listener' });
    const event = await waitFor(() => seen.find((e): e is UserRegistered => e instanceof UserRegistered && e.payload.userId === user.id));
    expect(event).toMatchObject({ type: 'identity.user-registered', version: 1, key: user.id });
    expect(event.payload).toEqual({ userId: user.id, displayName: 'Eve Listener', registeredAt: expect.any(String) });
    expect(JSON.stringify(event)).not.toContain(user.email);
    expect(seen.filter((e) => e instanceof UserRegistered && e.payload.userId === user.id)).toHaveLength(1);
  });

  it('is not published by a unit of work that rolls back, and only after the commit of one that succeeds', async () => {
    const txHost = t.app.get(TransactionHost);
    const bus = t.app.get(EventBus);
    const rolledBack = new UserRegistered({ userId: 'rolled-back', displayName: 'x', registeredAt: new Date().toISOString() });
    await expect(
      txHost.withTransaction(async () => {
        bus.publish(rolledBack);
        throw new Error('use case failed');
      }),
    ).rejects.toThrow('use case failed');

    const committed = new UserRegistered({ userId: 'committed', displayName: 'y', registeredAt: new Date().toISOString() });
    let seenBeforeCommit = true;
    await txHost.withTransaction(async () => {
      bus.publish(committed);
      await new Promise((resolve) => setImmediate(resolve));
      seenBeforeCommit = seen.includes(committed);
    });
    await waitFor(() => seen.includes(committed));
    expect(seenBeforeCommit).toBe(false);
    expect(seen).not.toContain(rolledBack);
  });
});
