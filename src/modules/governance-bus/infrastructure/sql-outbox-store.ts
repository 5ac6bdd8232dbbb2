import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import {
  type OutboxEntry,
  type ClaimedDelivery,
  type DeliveryFilter,
  type DeliveryRecord,
  type EventFilter,
  type EventRecord,
  type Page,
  type SubscriberRef,
} from '../application/ports/outbox-store';
import { ASYNC_COMMIT, eventColumns, toEnvelope } from './outbox-rows';
import { SqlBrokerOutbox } from './sql-broker-outbox';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../domain/delivery-status';
import { decodeCursor, encodeCursor } from '../../../shared/kernel/cursor';

/**
 * No earlier open delivery of the same subscriber and key (`d`'s line), but for those in the CTE
 * `except` names, if any. Written as a LIMIT 1 probe of the chain index rather than NOT EXISTS:
 * without fresh statistics PostgreSQL planned the NOT EXISTS as a hash anti-join over every open
 * delivery, seconds per sweep under a backlog.
 */
const firstInLine = (except?: string) => `(SELECT p.id FROM bus.deliveries p
                         WHERE p.subscriber = d.subscriber AND p.key = d.key AND p.position < d.position
                           AND p.status IN ('pending', 'processing')${except ? ` AND p.id NOT IN (SELECT id FROM ${except})` : ''}
                         LIMIT 1) IS NULL`;

/** The most deliveries a settled one brings forward from its line (one batch's worth). */
const NEXT_RUN = 50;

/**
 * For the settled delivery `s` (subscriber, key, position): the pending ones after it in its line,
 * up to a batch: a claim takes such a run together (a line given back after a failure moves on in
 * batches, not one delivery per claim).
 */
const NEXT_PENDING = `CROSS JOIN LATERAL (SELECT n.id FROM bus.deliveries n
                       WHERE n.subscriber = s.subscriber AND n.key = s.key AND n.position > s.position AND n.status = 'pending'
                       ORDER BY n.position LIMIT ${NEXT_RUN}) n`;

/*
 * Statements that take a list of delivery ids join `unnest($1)` and write their status test as
 * `(status = …) IS TRUE`. Without fresh statistics (autovacuum is off on the CI machine, and a new
 * table has none) PostgreSQL believed the partial indexes on status nearly empty and scanned one
 * of them, dead entries and all, instead of probing the primary key: milliseconds per statement
 * instead of tens of microseconds. The IS TRUE form means the same but implies no index predicate,
 * so a primary-key probe per id is the only plan left.
 */

/** Plain SQL: the bus's queries are few, hot, and need conditions TypeORM cannot say. */
@Injectable()
export class SqlOutboxStore extends SqlBrokerOutbox {
  constructor(unitOfWork: UnitOfWork) {
    super(unitOfWork);
  }

  async append(events: readonly OutboxEntry[], unsent = false): Promise<string[]> {
    const subscriptions = events.flatMap((event) =>
      event.subscribers.map((subscriber) => ({ eventId: event.envelope.eventId, subscriber })),
    );
    const rows = await this.query<{ id: string }>(
      // Each key's advisory lock, held to commit, makes publishers of one key take turns: positions
      // of a key are then in commit order, which per-key delivery order relies on. Keys are locked
      // in sorted order, so two transactions publishing to the same keys cannot deadlock.
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::text[], $6::jsonb[], $7::timestamptz[], $8::text[], $9::text[], $10::text[])
           WITH ORDINALITY AS i(id, type, version, producer, key, payload, occurred_at, correlation_id, causation_id, traceparent, n)),
       turns AS (SELECT count(pg_advisory_xact_lock(hashtextextended('bus.key:' || k.key, 0))) AS taken FROM (SELECT DISTINCT key FROM input ORDER BY key) k),
       event AS (
         INSERT INTO bus.events (id, type, version, producer, key, payload, occurred_at, correlation_id, causation_id, traceparent)
         SELECT i.id, i.type, i.version, i.producer, i.key, i.payload, i.occurred_at, i.correlation_id, i.causation_id, i.traceparent
           FROM input i, turns ORDER BY i.n
         RETURNING id, type, key, position),
       unsent AS (INSERT INTO bus.unsent (position, event_id) SELECT position, id FROM event WHERE $14::boolean)
       INSERT INTO bus.deliveries (event_id, subscriber, event_type, key, position, status, max_attempts)
       SELECT event.id, s.subscriber, event.type, event.key, event.position, 'pending', s.max_attempts
         FROM unnest($11::uuid[], $12::text[], $13::int[]) AS s(event_id, subscriber, max_attempts) JOIN event ON event.id = s.event_id
       RETURNING id`,
      [
        ...eventColumns(events),
        subscriptions.map((s) => s.eventId),
        subscriptions.map((s) => s.subscriber.id),
        subscriptions.map((s) => s.subscriber.maxAttempts),
        unsent,
      ],
    );
    return rows.map((row) => String(row.id));
  }

  async claim(
    deliveryIds: readonly string[],
    claimToken: string,
    leaseMs: number,
    subscribers: readonly string[],
  ): Promise<ClaimedDelivery[]> {
    this.mustCommitAlone('claim');
    const rows = await this.query<Record<string, any>>(
      // `taken`: the wanted deliveries still pending and due, locked in id order. A row another claim holds is waited
      // for (claims are short and commit alone) and checked again, not skipped: a claimer that will not take it
      // would otherwise make this one miss it too, with nobody left to dispatch it before the recovery sweep.
      // A delivery whose earlier open ones are all in `taken` is claimed with them: they are locked and pending, and
      // their own predecessors are among its own, so they are claimed too (a line committed together runs in one batch).
      `WITH ${ASYNC_COMMIT},
       taken AS MATERIALIZED (
         SELECT d.id FROM unnest($1::bigint[]) AS wanted(id) JOIN bus.deliveries d ON d.id = wanted.id
          WHERE d.subscriber = ANY($4::text[]) AND (d.status = 'pending') IS TRUE AND d.available_at <= clock_timestamp()
          ORDER BY d.id FOR UPDATE OF d)
       UPDATE bus.deliveries d
          SET status = 'processing', attempts = d.attempts + 1, claim_token = $2,
              lease_until = clock_timestamp() + make_interval(secs => $3::float8 / 1000), updated_at = clock_timestamp()
         FROM taken, bus.events e, async_commit
        WHERE d.id = taken.id AND e.id = d.event_id AND ${firstInLine('taken')}
       RETURNING d.id, d.subscriber, d.attempts, d.max_attempts, d.position, e.id AS event_id, e.type, e.version, e.producer, e.key,
                 e.payload, e.occurred_at, e.recorded_at, e.correlation_id, e.causation_id, e.traceparent`,
      [deliveryIds, claimToken, leaseMs, subscribers],
    );
    return rows
      .sort((a, b) => Number(a.position) - Number(b.position))
      .map((row) => ({
        id: String(row.id),
        subscriber: row.subscriber,
        attempts: row.attempts,
        maxAttempts: row.max_attempts,
        envelope: toEnvelope(row),
        payload: row.payload,
        recordedAt: row.recorded_at,
      }));
  }

  async lockClaimed(deliveryIds: readonly string[], claimToken: string): Promise<string[]> {
    const rows = await this.query<{ id: string }>(
      `SELECT d.id FROM unnest($1::bigint[]) AS mine(id) JOIN bus.deliveries d ON d.id = mine.id
        WHERE d.claim_token = $2 AND (d.status = 'processing') IS TRUE FOR UPDATE OF d`,
      [deliveryIds, claimToken],
    );
    return rows.map((row) => String(row.id));
  }

  async completeAll(deliveryIds: readonly string[], claimToken: string): Promise<number> {
    if (!deliveryIds.length) return 0;
    const rows = await this.query<{ id: string }>(
      `UPDATE bus.deliveries d SET status = 'completed', completed_at = clock_timestamp(), updated_at = clock_timestamp(),
              lease_until = NULL, last_error = NULL
         FROM unnest($1::bigint[]) AS done(id)
        WHERE d.id = done.id AND d.claim_token = $2 AND (d.status = 'processing') IS TRUE
       RETURNING d.id`,
      [deliveryIds, claimToken],
    );
    return rows.length;
  }

  async release(
    deliveryId: string,
    claimToken: string,
    outcome: { status: 'pending' | 'failed'; delayMs: number; error: string },
  ): Promise<void> {
    await this.query(
      `UPDATE bus.deliveries SET status = $3, last_error = $4, lease_until = NULL, claim_token = NULL, updated_at = clock_timestamp(),
              available_at = clock_timestamp() + make_interval(secs => $5::float8 / 1000)
        WHERE id = $1 AND claim_token = $2 AND status = 'processing'`,
      [deliveryId, claimToken, outcome.status, outcome.error.slice(0, 2_000), outcome.delayMs],
    );
  }

  async unclaim(deliveryIds: readonly string[], claimToken: string): Promise<void> {
    if (!deliveryIds.length) return;
    await this.query(
      `UPDATE bus.deliveries d SET status = 'pending', attempts = d.attempts - 1, claim_token = NULL, lease_until = NULL,
              updated_at = clock_timestamp()
         FROM unnest($1::bigint[]) AS held(id)
        WHERE d.id = held.id AND d.claim_token = $2 AND (d.status = 'processing') IS TRUE`,
      [deliveryIds, claimToken],
    );
  }

  async nextInLine(deliveryIds: readonly string[]): Promise<string[]> {
    if (!deliveryIds.length) return [];
    const rows = await this.query<{ id: string }>(
      `SELECT DISTINCT n.id FROM unnest($1::bigint[]) AS settled(id) JOIN bus.deliveries s ON s.id = settled.id ${NEXT_PENDING}`,
      [deliveryIds],
    );
    return rows.map((row) => String(row.id));
  }

  async due(limit: number, minAgeMs: number, subscribers: readonly string[]): Promise<string[]> {
    const rows = await this.query<{ id: string }>(
      `SELECT d.id FROM bus.deliveries d
        WHERE d.status = 'pending' AND d.subscriber = ANY($3::text[])
          AND d.available_at <= clock_timestamp() - make_interval(secs => $2::float8 / 1000)
          AND ${firstInLine()}
        ORDER BY d.available_at LIMIT $1`,
      [limit, minAgeMs, subscribers],
    );
    return rows.map((row) => String(row.id));
  }

  async reclaimExpiredLeases(): Promise<number> {
    const rows = await this.query(
      `UPDATE bus.deliveries SET status = 'pending', claim_token = NULL, lease_until = NULL, updated_at = clock_timestamp(),
              last_error = coalesce(last_error, 'lease expired: the worker stopped before finishing')
        WHERE status = 'processing' AND lease_until < clock_timestamp() RETURNING id`,
    );
    return rows.length;
  }

  async prune(olderThan: Date): Promise<number> {
    const deleted = await this.query(
      `DELETE FROM bus.deliveries WHERE status = 'completed' AND completed_at < $1 RETURNING event_id`,
      [olderThan],
    );
    await this.query(
      `DELETE FROM bus.events e WHERE e.recorded_at < $1 AND NOT EXISTS (SELECT 1 FROM bus.deliveries d WHERE d.event_id = e.id)
          AND NOT EXISTS (SELECT 1 FROM bus.unsent u WHERE u.event_id = e.id)`,
      [olderThan],
    );
    return deleted.length;
  }

  async listEvents(filter: EventFilter, limit: number, cursor: string | null): Promise<Page<EventRecord>> {
    const rows = await this.query<Record<string, any>>(
      `SELECT e.*, e.id AS event_id FROM bus.events e
        WHERE ($1::text IS NULL OR e.type = $1) AND ($2::text IS NULL OR e.key = $2)
          AND ($3::timestamptz IS NULL OR e.recorded_at >= $3) AND ($4::bigint IS NULL OR e.position < $4)
        ORDER BY e.position DESC LIMIT $5`,
      [filter.type ?? null, filter.key ?? null, filter.since ?? null, decodeCursor(cursor), limit + 1],
    );
    return page(rows.map(toEventRecord), limit, (event) => event.position);
  }

  async getEvent(eventId: string): Promise<{ event: EventRecord; deliveries: DeliveryRecord[] } | null> {
    const events = await this.query<Record<string, any>>(
      `SELECT e.*, e.id AS event_id FROM bus.events e WHERE e.id = $1`,
      [eventId],
    );
    if (!events[0]) return null;
    const deliveries = await this.query<Record<string, any>>(
      `SELECT * FROM bus.deliveries WHERE event_id = $1 ORDER BY subscriber`,
      [eventId],
    );
    return { event: toEventRecord(events[0]), deliveries: deliveries.map(toDeliveryRecord) };
  }

  async listDeliveries(filter: DeliveryFilter, limit: number, cursor: string | null): Promise<Page<DeliveryRecord>> {
    const rows = await this.query<Record<string, any>>(
      `SELECT * FROM bus.deliveries
        WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR subscriber = $2) AND ($3::text IS NULL OR event_type = $3)
          AND ($4::bigint IS NULL OR id < $4)
        ORDER BY id DESC LIMIT $5`,
      [filter.status ?? null, filter.subscriber ?? null, filter.type ?? null, decodeCursor(cursor), limit + 1],
    );
    return page(rows.map(toDeliveryRecord), limit, (delivery) => delivery.id);
  }

  async resubmit(filter: DeliveryFilter & { id?: string }): Promise<string[]> {
    // Conditional on status = 'failed': two admins resubmitting at once cannot run a delivery twice.
    const rows = await this.query<{ id: string }>(
      `UPDATE bus.deliveries SET status = 'pending', attempts = 0, available_at = clock_timestamp(), updated_at = clock_timestamp()
        WHERE status = 'failed' AND ($1::bigint IS NULL OR id = $1) AND ($2::text IS NULL OR subscriber = $2)
          AND ($3::text IS NULL OR event_type = $3)
       RETURNING id`,
      [filter.id ?? null, filter.subscriber ?? null, filter.type ?? null],
    );
    return rows.map((row) => String(row.id));
  }

  async replay(eventId: string, subscriber: SubscriberRef): Promise<string | null> {
    const rows = await this.query<{ id: string }>(
      `INSERT INTO bus.deliveries (event_id, subscriber, event_type, key, position, status, max_attempts)
       SELECT e.id, $2, e.type, e.key, e.position, 'pending', $3 FROM bus.events e WHERE e.id = $1
       ON CONFLICT (event_id, subscriber) DO UPDATE
         SET status = 'pending', attempts = 0, available_at = clock_timestamp(), updated_at = clock_timestamp(),
             completed_at = NULL, last_error = NULL
         WHERE bus.deliveries.status IN ('completed', 'failed')
       RETURNING id`,
      [eventId, subscriber.id, subscriber.maxAttempts],
    );
    return rows[0] ? String(rows[0].id) : null;
  }

  async oldestPendingAgeSeconds(): Promise<number> {
    const rows = await this.query<{ age: number | null }>(
      `SELECT extract(epoch FROM clock_timestamp() - min(created_at))::float8 AS age FROM bus.deliveries WHERE status IN ('pending', 'processing')`,
    );
    return rows[0]?.age ?? 0;
  }

  async countByStatus(): Promise<Record<DeliveryStatus, number>> {
    const rows = await this.query<{ status: DeliveryStatus; count: string }>(
      `SELECT status, count(*) AS count FROM bus.deliveries GROUP BY status`,
    );
    const counts = Object.fromEntries(DELIVERY_STATUSES.map((status) => [status, 0])) as Record<DeliveryStatus, number>;
    for (const row of rows) counts[row.status] = Number(row.count);
    return counts;
  }
}

function page<T>(rows: T[], limit: number, cursorOf: (item: T) => string): Page<T> {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? encodeCursor(cursorOf(items[items.length - 1])) : null };
}

function toEventRecord(row: Record<string, any>): EventRecord {
  return {
    ...toEnvelope(row),
    position: String(row.position),
    payload: row.payload,
    recordedAt: new Date(row.recorded_at).toISOString(),
  };
}

function toDeliveryRecord(row: Record<string, any>): DeliveryRecord {
  return {
    id: String(row.id),
    eventId: row.event_id,
    eventType: row.event_type,
    subscriber: row.subscriber,
    key: row.key,
    status: row.status,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    lastError: row.last_error,
    availableAt: row.available_at,
    leaseUntil: row.lease_until,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    completedAt: row.completed_at,
  };
}
