import { queryPrepared } from '../../../platform/database/query-rows';
import type { UnitOfWork } from '../../../platform/database/unit-of-work';
import type { BrokerEvent } from '../application/ports/event-broker';
import { OutboxStore, type SubscriberRef, type UnsentEvent } from '../application/ports/outbox-store';
import { ASYNC_COMMIT, eventColumns, toEnvelope } from './outbox-rows';

/**
 * The half of the SQL outbox that faces a broker (BUS_TRANSPORT=nats): the relay's unsent events,
 * and the inbox that records received ones. SqlOutboxStore is the rest.
 */
export abstract class SqlBrokerOutbox extends OutboxStore {
  constructor(protected readonly unitOfWork: UnitOfWork) {
    super();
  }

  /** Every statement here is fixed and hot: prepared once per connection (see queryPrepared). */
  protected query<T = Record<string, unknown>>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    return queryPrepared<T>(this.unitOfWork, sql, parameters);
  }

  /** Statements with ASYNC_COMMIT would make a surrounding unit of work's commit asynchronous too. */
  protected mustCommitAlone(statement: string): void {
    if (this.unitOfWork.isActive()) throw new Error(`${statement} commits on its own: call it outside a unit of work`);
  }

  async takeRelayTurn(): Promise<boolean> {
    // The relay's transaction only deletes `unsent` marks: lost in a PostgreSQL crash, the events are published again,
    // and the broker and the inbox both drop a duplicate; so its commit need not wait for the WAL flush either.
    const [row] = await this.query<{ taken: boolean }>(
      `SELECT pg_try_advisory_xact_lock(hashtextextended('bus.relay', 0)) AS taken, set_config('synchronous_commit', 'off', true)`,
    );
    return row.taken;
  }

  async unsent(limit: number): Promise<UnsentEvent[]> {
    const rows = await this.query<Record<string, any>>(
      // Each event by its primary key (LIMIT 1 keeps the planner from turning this into a scan of all events).
      `SELECT u.position, e.*, e.id AS event_id FROM (SELECT * FROM bus.unsent ORDER BY position LIMIT $1) u
         CROSS JOIN LATERAL (SELECT * FROM bus.events e WHERE e.id = u.event_id LIMIT 1) e ORDER BY u.position`,
      [limit],
    );
    return rows.map((row) => ({ position: String(row.position), envelope: toEnvelope(row), payload: row.payload }));
  }

  async markSent(positions: readonly string[]): Promise<void> {
    if (positions.length) await this.query(`DELETE FROM bus.unsent WHERE position = ANY($1::bigint[])`, [positions]);
  }

  async unsentBacklog(): Promise<{ count: number; oldestAgeSeconds: number }> {
    const [row] = await this.query<{ count: number; age: number | null }>(
      `SELECT (SELECT count(*)::int FROM bus.unsent) AS count,
              (SELECT extract(epoch FROM clock_timestamp() - e.recorded_at)::float8
                 FROM (SELECT event_id FROM bus.unsent ORDER BY position LIMIT 1) u JOIN bus.events e ON e.id = u.event_id) AS age`,
    );
    return { count: row.count, oldestAgeSeconds: row.age ?? 0 };
  }

  async keep(events: readonly BrokerEvent[]): Promise<void> {
    if (!events.length) return;
    // Another process's outbox: its copy (here under a position of this database, in order of receipt).
    // The same database: the event is already there, with its publisher's position.
    this.mustCommitAlone('keep');
    await this.query(
      `WITH ${ASYNC_COMMIT}
       INSERT INTO bus.events (id, type, version, producer, key, payload, occurred_at, correlation_id, causation_id, traceparent)
       SELECT i.* FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::text[], $6::jsonb[], $7::timestamptz[], $8::text[], $9::text[], $10::text[])
              AS i, async_commit
       ON CONFLICT (id) DO NOTHING`,
      eventColumns(events),
    );
  }

  async receive(subscriber: SubscriberRef, events: readonly BrokerEvent[]): Promise<string[]> {
    if (!events.length) return [];
    const rows = await this.query<{ id: string }>(
      `INSERT INTO bus.deliveries (event_id, subscriber, event_type, key, position, status, max_attempts)
       SELECT e.id, $2, e.type, e.key, e.position, 'pending', $3
         FROM unnest($1::uuid[]) WITH ORDINALITY AS r(id, n) JOIN bus.events e ON e.id = r.id ORDER BY r.n
       ON CONFLICT (event_id, subscriber) DO NOTHING
       RETURNING id`,
      [events.map((e) => e.envelope.eventId), subscriber.id, subscriber.maxAttempts],
    );
    return rows.map((row) => String(row.id));
  }
}
