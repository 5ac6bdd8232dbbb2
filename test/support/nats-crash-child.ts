/**
 * A child process for the NATS crash test: starts the real app with BUS_TRANSPORT=nats and the
 * probe subscriber, publishes one identity.user-registered, and kills itself with SIGKILL right
 * after the probe's consumer has committed the event to the inbox (its delivery record) and before
 * it acknowledges the message to JetStream: the message is then delivered again to the next
 * process, whose inbox must skip it.
 *
 * Run: node -r ./scripts/swc-register.cjs test/support/nats-crash-child.ts
 * Env: the platform's (DATABASE_URL, NATS_URL, BUS_TRANSPORT=nats…) plus CRASH_USER_ID.
 * Prints `started` once the app is up; exits 3 if it is still alive afterwards.
 */
import { EventBus } from '@nestjs/cqrs';
import { OutboxStore } from '../../src/modules/governance-bus/application/ports/outbox-store';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/platform/config/load-config';
import { UnitOfWork } from '../../src/platform/database/unit-of-work';
import { messageContext } from '../../src/platform/messaging/message-context';
import { UserRegistered } from '../../src/shared/contracts/identity';
import { PROBE_SUBSCRIBER, ProbeModule } from './probe-subscriber';

async function main(): Promise<void> {
  const userId = process.env.CRASH_USER_ID;
  if (!userId) throw new Error('CRASH_USER_ID is required');
  const app = await createApp(loadConfig(process.env), [ProbeModule]);
  const store = app.get(OutboxStore);
  const unitOfWork = app.get(UnitOfWork);
  const receive = store.receive.bind(store);
  store.receive = async (subscriber, events) => {
    const created = await receive(subscriber, events);
    // Registered inside the inbox's transaction: runs once it has committed, before the consumer acknowledges.
    if (subscriber.id === PROBE_SUBSCRIBER) unitOfWork.afterCommit(() => process.kill(process.pid, 'SIGKILL'));
    return created;
  };
  process.stdout.write('started\n');
  const event = new UserRegistered({ userId, displayName: 'Crash', registeredAt: new Date().toISOString() });
  await messageContext.run({ module: 'identity' }, () => app.get(EventBus).publish(event));
  await new Promise((resolve) => setTimeout(resolve, 20_000));
  process.stdout.write('still alive after the inbox commit\n');
  process.exit(3);
}

main().catch((error: unknown) => {
  process.stderr.write(`nats-crash-child failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(2);
});
