import { randomUUID } from 'node:crypto';
import { EventBus } from '@nestjs/cqrs';
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnitOfWork } from '../src/platform/database/unit-of-work';
import { messageContext } from '../src/platform/messaging/message-context';
import { UserRegistered } from '../src/shared/contracts/identity';
import { TransferCompleted } from '../src/shared/contracts/wallet';
import { BusProbe } from './support/bus-fixtures';
import { PROBE_SUBSCRIBER, PROBE_TABLE_SQL, ProbeModule } from './support/probe-subscriber';
import { startTestApp, type TestApp } from './support/test-app';
import { waitFor } from './support/wait-for';

// This file's worker records spans in memory (main.ts starts the real SDK; tests do not).
const exporter = new InMemorySpanExporter();
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
propagation.setGlobalPropagator(new W3CTraceContextPropagator());
trace.setGlobalTracerProvider(new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] }));

describe('tracing through the bus', () => {
  let t: TestApp;
  let db: BusProbe;
  beforeAll(async () => {
    t = await startTestApp({}, [ProbeModule]);
    db = await BusProbe.connect(t);
    await db.query(PROBE_TABLE_SQL);
  });
  afterAll(async () => {
    await db?.close();
    await t?.close();
  });

  it("gives each delivery a span of its own that continues the publisher's trace", async () => {
    const userId = randomUUID();
    const publisher = await trace.getTracer('test').startActiveSpan('register use case', async (span) => {
      await messageContext.run({ module: 'identity' }, () =>
        t.app
          .get(EventBus)
          .publish(new UserRegistered({ userId, displayName: 'Traced', registeredAt: new Date().toISOString() })),
      );
      span.end();
      return span.spanContext();
    });
    await db.settled('identity.user-registered', userId, PROBE_SUBSCRIBER);
    const delivery = await waitFor(() =>
      exporter
        .getFinishedSpans()
        .find(
          (span) =>
            span.name === `deliver identity.user-registered to ${PROBE_SUBSCRIBER}` &&
            span.spanContext().traceId === publisher.traceId,
        ),
    );
    expect(delivery.parentSpanContext?.spanId ?? (delivery as unknown as { parentSpanId?: string }).parentSpanId).toBe(
      publisher.spanId,
    );
    expect(delivery.attributes['messaging.destination.name']).toBe(PROBE_SUBSCRIBER);
  });

  it('gives a batch call one span, linked to the trace of each event it handles', async () => {
    const payer = randomUUID();
    const publisher = await trace.getTracer('test').startActiveSpan('transfer use case', async (span) => {
      await messageContext.run({ module: 'wallet' }, () =>
        t.app.get(UnitOfWork).run(async () => {
          for (const amount of [100, 200]) await t.app.get(EventBus).publish(paid(payer, amount));
        }),
      );
      span.end();
      return span.spanContext();
    });
    const batch = await waitFor(() =>
      exporter.getFinishedSpans().find((span) => span.name === 'deliver 2 events to runtime.keep-contacts'),
    );
    expect(batch.links.map((link) => link.context.traceId)).toEqual([publisher.traceId, publisher.traceId]);
    expect(batch.attributes['messaging.batch.message_count']).toBe(2);
  });
});

const paid = (payer: string, amount: number) =>
  new TransferCompleted({
    transferId: randomUUID(),
    kind: 'p2p',
    debitAccountId: payer,
    creditAccountId: randomUUID(),
    amount,
    currency: 'EUR',
    reversesTransferId: null,
    completedAt: new Date(0).toISOString(),
  });
