import { EventBus, type IEvent } from '@nestjs/cqrs';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnitOfWork } from '../src/platform/database/unit-of-work';
import { UserRegistered } from '../src/shared/contracts/identity';
import { registerAndLogin } from './support/identity-fixtures';
import { startTestApp, type TestApp } from './support/test-app';
import { waitFor } from './support/wait-for';

describe('identity.user-registered', () => {
  let t: TestApp;
  let observer: Client;
  const seen: IEvent[] = [];
  /** For each user-registered event: could another connection see the user row when the event arrived? */
  const rowVisibleOnArrival = new Map<string, Promise<boolean>>();
  beforeAll(async () => {
    t = await startTestApp();
    observer = new Client({ connectionString: t.config.DATABASE_URL });
    await observer.connect();
    t.app.get(EventBus).subscribe((event) => {
      seen.push(event);
      if (event instanceof UserRegistered) {
        const check = observer.query('SELECT 1 FROM identity.users WHERE id = $1', [event.payload.userId]).then((r) => r.rowCount === 1, () => false);
        rowVisibleOnArrival.set(event.payload.userId, check);
      }
    });
  });
  afterAll(async () => {
    await observer?.end();
    await t?.close();
  });

  it('arrives only when the new user is committed and visible to everyone', async () => {
    const user = await registerAndLogin(t.http);
    await waitFor(() => rowVisibleOnArrival.has(user.id));
    expect(await rowVisibleOnArrival.get(user.id)).toBe(true);
  });

  it('is published once per registration, with ids and no contact data', async () => {
    const user = await registerAndLogin(t.http, { displayName: 'Eve Listener' });
    const event = await waitFor(() => seen.find((e): e is UserRegistered => e instanceof UserRegistered && e.payload.userId === user.id));
    expect(event).toMatchObject({ type: 'identity.user-registered', version: 1, key: user.id });
    expect(event.payload).toEqual({ userId: user.id, displayName: 'Eve Listener', registeredAt: expect.any(String) });
    expect(JSON.stringify(event)).not.toContain(user.email);
    expect(seen.filter((e) => e instanceof UserRegistered && e.payload.userId === user.id)).toHaveLength(1);
  });

  it('keeps the events of a committed unit of work when a nested one rolls back, and drops only the nested ones', async () => {
    const unitOfWork = t.app.get(UnitOfWork);
    const bus = t.app.get(EventBus);
    const event = (userId: string) => new UserRegistered({ userId, displayName: userId, registeredAt: new Date().toISOString() });
    const outer = event('outer');
    const inner = event('inner-rolled-back');
    await unitOfWork.run(async () => {
      bus.publish(outer);
      await unitOfWork
        .run(
          async () => {
            bus.publish(inner);
            throw new Error('nested step failed');
          },
          { nested: true },
        )
        .catch(() => undefined);
      await new Promise((resolve) => setImmediate(resolve));
      expect(seen).not.toContain(outer); // a released or rolled-back savepoint is not a commit
    });
    await waitFor(() => seen.includes(outer));
    expect(seen).not.toContain(inner);
  });

  it('is not published by a unit of work that rolls back, and only after the commit of one that succeeds', async () => {
    const unitOfWork = t.app.get(UnitOfWork);
    const bus = t.app.get(EventBus);
    const rolledBack = new UserRegistered({ userId: 'rolled-back', displayName: 'x', registeredAt: new Date().toISOString() });
    await expect(
      unitOfWork.run(async () => {
        bus.publish(rolledBack);
        throw new Error('use case failed');
      }),
    ).rejects.toThrow('use case failed');

    const committed = new UserRegistered({ userId: 'committed', displayName: 'y', registeredAt: new Date().toISOString() });
    let seenBeforeCommit = true;
    await unitOfWork.run(async () => {
      bus.publish(committed);
      await new Promise((resolve) => setImmediate(resolve));
      seenBeforeCommit = seen.includes(committed);
    });
    await waitFor(() => seen.includes(committed));
    expect(seenBeforeCommit).toBe(false);
    expect(seen).not.toContain(rolledBack);
  });
});
