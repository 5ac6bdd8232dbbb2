import type { BrokerEvent } from '../application/ports/event-broker';
import type { EventEnvelope } from '../../../shared/kernel/integration-event';

/**
 * A CTE that makes the statement's own transaction commit without waiting for the WAL flush (about 4 ms
 * on a machine like CI's, on the way to every delivery). For autocommitted writes whose loss in a
 * PostgreSQL crash is harmless: the claim (lost, the delivery is pending again, its attempt uncounted) and
 * the inbox's copy of an event (the inbox transaction that needs it commits synchronously, and a later
 * synchronous commit flushes every earlier one). Visibility is unchanged: other sessions see the write at once.
 */
export const ASYNC_COMMIT = `async_commit AS (SELECT set_config('synchronous_commit', 'off', true))`;

/** The events as the ten arrays `unnest($1 … $10)` takes: id, type, version, producer, key, payload, occurred_at, correlation_id, causation_id, traceparent. */
export function eventColumns(events: readonly BrokerEvent[]): unknown[][] {
  const envelopes = events.map((event) => event.envelope);
  return [
    envelopes.map((e) => e.eventId),
    envelopes.map((e) => e.type),
    envelopes.map((e) => e.version),
    envelopes.map((e) => e.producer),
    envelopes.map((e) => e.key),
    events.map((event) => JSON.stringify(event.payload)),
    envelopes.map((e) => e.occurredAt),
    envelopes.map((e) => e.correlationId),
    envelopes.map((e) => e.causationId),
    envelopes.map((e) => e.traceparent),
  ];
}

export function toEnvelope(row: Record<string, any>): EventEnvelope {
  return {
    eventId: row.event_id,
    type: row.type,
    version: row.version,
    occurredAt: new Date(row.occurred_at).toISOString(),
    producer: row.producer,
    correlationId: row.correlation_id,
    causationId: row.causation_id,
    traceparent: row.traceparent,
    key: row.key,
  };
}
