/**
 * A child process for the crash test: starts the real app (with the probe subscriber, so that the
 * event gets a delivery for it) on the database and Redis prefix the parent gives it, publishes one
 * identity.user-registered in a unit of work and kills itself with SIGKILL right after the commit,
 * before the bus's own after-commit dispatch can run (UnitOfWork runs its after-commit callbacks
 * in registration order, and this one is registered before the publish registers the bus's).
 *
 * Run: node -r ./scripts/swc-register.cjs test/support/crash-child.ts
 * Env: the platform's (DATABASE_URL, REDIS_URL, REDIS_KEY_PREFIX, DATA_DIR…) plus CRASH_USER_ID.
 * Prints `started` once the app is up; exits 3 if it is still alive after the commit.
 */
import { EventBus } from '@nestjs/cqrs';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/platform/config/load-config';
import { UnitOfWork } from '../../src/platform/database/unit-of-work';
import { messageContext } from '../../src/platform/messaging/message-context';
import { UserRegistered } from '../../src/shared/contracts/identity';
import { ProbeModule } from './probe-subscriber';

async function main(): Promise<void> {
  const userId = process.env.CRASH_USER_ID;
  if (!userId) throw new Error('CRASH_USER_ID is required');
  const app = await createApp(loadConfig(process.env), [ProbeModule]);
  process.stdout.write('started\n');
  const unitOfWork = app.get(UnitOfWork);
  await unitOfWork.run(async () => {
    unitOfWork.afterCommit(() => process.kill(process.pid, 'SIGKILL'));
    const event = new UserRegistered({ userId, displayName: 'Crash', registeredAt: new Date().toISOString() });
    await messageContext.run({ module: 'identity' }, () => app.get(EventBus).publish(event));
  });
  process.stdout.write('still alive after the commit\n');
  process.exit(3);
}

main().catch((error: unknown) => {
  process.stderr.write(`crash-child failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(2);
});
