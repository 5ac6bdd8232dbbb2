import {
  type Context,
  context,
  propagation,
  ROOT_CONTEXT,
  type SpanOptions,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import type { ClaimedDelivery } from './ports/outbox-store';

const tracer = trace.getTracer('governance-bus');

/** Runs a delivery's handler call in a span of its own that continues the publisher's trace. */
export function inDeliverySpan<T>(delivery: ClaimedDelivery, work: () => Promise<T>): Promise<T> {
  const publisher = propagation.extract(context.active(), { traceparent: delivery.envelope.traceparent ?? '' });
  const attributes = {
    'messaging.message.id': delivery.envelope.eventId,
    'messaging.destination.name': delivery.subscriber,
    'messaging.operation.type': 'process',
  };
  return inSpan(`deliver ${delivery.envelope.type} to ${delivery.subscriber}`, { attributes }, publisher, work);
}

/** Runs a batch call in a span of its own, linked to each publisher's trace (OpenTelemetry's way for batches). */
export function inBatchSpan<T>(group: readonly ClaimedDelivery[], work: () => Promise<T>): Promise<T> {
  const links = group.flatMap(({ envelope }) => {
    const publisher = trace.getSpanContext(
      propagation.extract(ROOT_CONTEXT, { traceparent: envelope.traceparent ?? '' }),
    );
    return publisher ? [{ context: publisher }] : [];
  });
  const attributes = {
    'messaging.destination.name': group[0].subscriber,
    'messaging.operation.type': 'process',
    'messaging.batch.message_count': group.length,
  };
  // A root of its own: each event's trace is a link, none is the parent.
  const name = `deliver ${group.length} events to ${group[0].subscriber}`;
  return inSpan(name, { attributes, links }, ROOT_CONTEXT, work);
}

/** `work` in an active consumer span that records its failure. */
function inSpan<T>(name: string, options: SpanOptions, parent: Context, work: () => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(name, { kind: SpanKind.CONSUMER, ...options }, parent, async (span) => {
    try {
      return await work();
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}
