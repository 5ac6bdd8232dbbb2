/**
 * The baseline of `npm run bench:bus`: PostgreSQL alone running the bus's writes for the same workload, driven by
 * pgbench's C clients, with no app, no Redis and no BullMQ. It answers "how many deliveries per second can this
 * machine's PostgreSQL do with the bus's data model at all?", so the app's saturation figure has a ceiling to
 * be read against (the ratio) and the goal can be checked against what the hardware allows.
 *
 * Two pgbench scripts, mixed so that publishing and delivering balance (weights: the batch size and the
 * subscriber count):
 *  - publish: one event and one pending delivery per subscriber, in one transaction (BEGIN, one INSERT, COMMIT);
 *  - deliver: a batch as the bus runs it: the claim (autocommit UPDATE … RETURNING the events' payloads), then
 *    BEGIN, the lock of the claimed rows, one subscriber INSERT per claimed delivery, the completion mark with
 *    its next-in-line lookup, COMMIT.
 * It differs from the app in both directions. Kinder: no per-key advisory lock when publishing, no first-in-line
 * probe, every batch as large as the dispatcher ever makes one. Harder: pgbench's clients cannot hand delivery
 * ids to each other, so the claim searches the pending-only index (as the sweeper does) instead of probing the
 * ids it was given; pgbench -r prints each statement's latency to show what that costs. The subscriber INSERT
 * writes generated values instead of the event's fields (same row size, same index).
 *
 * `bareNodeFloor` runs the same statements (STATEMENTS) from Node with node-pg and nothing else (no Nest,
 * TypeORM, BullMQ, Redis or async context). Its publishers hand the committed delivery ids to its workers in
 * memory, and the workers claim exactly those, as the app's dispatcher and worker do. The subscriber INSERT
 * takes the claimed event's fields, as the app's does. This is what a Node client of this data model reaches
 * on this machine.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import { Pool, type Client } from 'pg';
import { log } from './log';

const run$ = promisify(execFile);

/**
 * The statements both floors run, written over their parameters (`$1` for node-pg, `:name` for pgbench), so the
 * two floors run the same SQL. They follow sql-outbox-store.ts: the claim joins the event and returns its payload
 * (what the subscriber needs), the completion looks up each line's next pending delivery.
 */
const STATEMENTS = {
  publish: (
    eventId: string,
    key: string,
    payload: string,
    correlationId: string,
    subscribers: string,
  ) => `WITH event AS (
      INSERT INTO bus.events (id, type, version, producer, key, payload, occurred_at, correlation_id, causation_id, traceparent)
      VALUES (${eventId}, 'identity.user-registered', 1, 'identity', ${key}, ${payload}, now(), ${correlationId}, NULL, NULL)
      RETURNING id, type, key, position)
    INSERT INTO bus.deliveries (event_id, subscriber, event_type, key, position, status, max_attempts)
    SELECT event.id, s.subscriber, event.type, event.key, event.position, 'pending', 8 FROM event, unnest(${subscribers}) AS s(subscriber)
    RETURNING id`,
  // pgbench's clients cannot hand ids to each other: they search the pending-only index, oldest due first, as the sweeper does.
  claimDue: (
    token: string,
    batch: string,
  ) => `UPDATE bus.deliveries d SET status = 'processing', attempts = d.attempts + 1, claim_token = ${token},
           lease_until = clock_timestamp() + interval '30 seconds', updated_at = clock_timestamp()
      FROM bus.events e
     WHERE d.id = ANY(ARRAY(SELECT id FROM bus.deliveries WHERE status = 'pending' ORDER BY available_at LIMIT ${batch} FOR UPDATE SKIP LOCKED))
       AND e.id = d.event_id
    RETURNING d.id, d.subscriber, e.id AS event_id, e.payload`,
  // As the app: the ids the dispatcher handed over, one primary-key probe each.
  claim: (
    ids: string,
    token: string,
  ) => `UPDATE bus.deliveries d SET status = 'processing', attempts = d.attempts + 1, claim_token = ${token},
           lease_until = clock_timestamp() + interval '30 seconds', updated_at = clock_timestamp()
      FROM unnest(${ids}) AS wanted(id), bus.events e
     WHERE d.id = wanted.id AND (d.status = 'pending') IS TRUE AND e.id = d.event_id
    RETURNING d.id, d.subscriber, e.id AS event_id, e.payload`,
  lock: (ids: string, token: string) =>
    `SELECT id FROM bus.deliveries WHERE id = ANY(${ids}) AND claim_token = ${token} FOR UPDATE`,
  handle: (subscriber: string, eventId: string, userId: string, displayName: string) =>
    `INSERT INTO bench.received (subscriber, event_id, user_id, display_name) VALUES (${subscriber}, ${eventId}, ${userId}, ${displayName})`,
  complete: (ids: string, token: string) => `WITH s AS (
      UPDATE bus.deliveries d SET status = 'completed', completed_at = clock_timestamp(), updated_at = clock_timestamp(), lease_until = NULL, last_error = NULL
       WHERE d.id = ANY(${ids}) AND d.claim_token = ${token} AND d.status = 'processing'
      RETURNING d.subscriber, d.key, d.position)
    SELECT (SELECT count(*)::int FROM s) AS completed,
           array(SELECT n.id FROM s CROSS JOIN LATERAL (SELECT n.id FROM bus.deliveries n
                  WHERE n.subscriber = s.subscriber AND n.key = s.key AND n.position > s.position AND n.status = 'pending'
                  ORDER BY n.position LIMIT 1) n) AS next`,
};

function publishScript(subscribers: readonly string[]): string {
  const list = `ARRAY[${subscribers.map((id) => `'${id}'`).join(', ')}]`;
  const payload = `jsonb_build_object('userId', gen_random_uuid(), 'displayName', 'floor', 'registeredAt', now())`;
  return `BEGIN;
${STATEMENTS.publish('gen_random_uuid()', 'gen_random_uuid()::text', payload, 'gen_random_uuid()::text', list)};
COMMIT;
`;
}

/** A batch; pgbench cannot loop over rows, so the i-th subscriber INSERT runs when at least i+1 were claimed. */
function deliverScript(batch: number): string {
  const token = `md5(:token::text)::uuid`;
  const handlers = Array.from(
    { length: batch },
    (_, i) => `\\if :claimed > ${i}
${STATEMENTS.handle("'floor'", 'gen_random_uuid()', 'gen_random_uuid()', "'floor'")};
\\endif`,
  ).join('\n');
  return `\\set token random(1, 2000000000)
WITH claimed AS (${STATEMENTS.claimDue(token, String(batch))})
SELECT count(*) AS claimed, coalesce(array_agg(id), '{}')::text AS ids FROM claimed \\gset
BEGIN;
${STATEMENTS.lock(':ids::bigint[]', token)};
${handlers}
${STATEMENTS.complete(':ids::bigint[]', token)};
COMMIT;
`;
}

const COUNTS = `SELECT (SELECT count(*)::int FROM bus.deliveries WHERE status = 'completed') AS completed, (SELECT count(*)::int FROM bench.received) AS received`;

/** Each floor starts from empty tables, so its counts are its own. */
const emptyTables = (postgres: Client) => postgres.query('TRUNCATE bus.deliveries, bus.events, bench.received');

export interface FloorResult {
  deliveriesPerSecond: number;
  batch: number;
  clients: number;
  seconds: number;
}

/**
 * Runs the floor on `database` (bus schema migrated, `bench.received` created, nothing else running on it):
 * empties the tables, runs pgbench for `seconds`, counts the deliveries completed.
 */
export async function busFloor(
  postgres: Client,
  databaseUrl: string,
  workDir: string,
  options: { subscribers: readonly string[]; batch: number; clients: number; seconds: number },
): Promise<FloorResult> {
  const publish = join(workDir, 'floor-publish.sql');
  const deliver = join(workDir, 'floor-deliver.sql');
  writeFileSync(publish, publishScript(options.subscribers));
  writeFileSync(deliver, deliverScript(options.batch));
  await emptyTables(postgres);
  // Every event makes one delivery per subscriber; every batch takes `batch` of them.
  const args = ['-n', '-r', '-M', 'prepared', '-c', String(options.clients), '-j', '2', '-T', String(options.seconds)];
  args.push('-f', `${publish}@${options.batch}`, '-f', `${deliver}@${options.subscribers.length}`, databaseUrl);
  const { stdout } = await run$('pgbench', args, { maxBuffer: 16 * 1024 * 1024 });
  // pgbench's report with -r: latency per statement, so a claim or completion that got slow shows.
  log(`floor: pgbench says:\n${stdout.trim()}`);
  const { rows } = await postgres.query<{ completed: number; received: number }>(COUNTS);
  // Each completed delivery had its subscriber INSERT in the same transaction: the two counts agree, or the script is wrong.
  if (rows[0].completed === 0 || rows[0].received !== rows[0].completed)
    throw new Error(`the floor's scripts did not deliver: ${JSON.stringify(rows[0])}`);
  return {
    deliveriesPerSecond: Math.round(rows[0].completed / options.seconds),
    batch: options.batch,
    clients: options.clients,
    seconds: options.seconds,
  };
}

const BARE = {
  publish: STATEMENTS.publish('$1', '$2', '$3', '$4', '$5::text[]'),
  claim: STATEMENTS.claim('$1::bigint[]', '$2'),
  lock: STATEMENTS.lock('$1::bigint[]', '$2'),
  handle: STATEMENTS.handle('$1', '$2', '$3', '$4'),
  complete: STATEMENTS.complete('$1::bigint[]', '$2'),
};

/**
 * `publishers` loops publish for `seconds` (one event per transaction), `workers` loops deliver in batches of up
 * to `batch` (claim; BEGIN, lock, one INSERT per delivery, completion, COMMIT) until every event is delivered.
 * Deliveries per second run from the start to the last completion.
 */
export async function bareNodeFloor(
  postgres: Client,
  databaseUrl: string,
  options: { subscribers: readonly string[]; batch: number; publishers: number; workers: number; seconds: number },
): Promise<{ deliveriesPerSecond: number; nodeCpuMicrosPerDelivery: number }> {
  await emptyTables(postgres);
  const pool = new Pool({ connectionString: databaseUrl, max: options.publishers + options.workers });
  const started = performance.now();
  const cpu = process.cpuUsage();
  const publishUntil = started + options.seconds * 1000;
  let published = 0;
  let delivered = 0;
  let publishing = true;
  let lastCompletion = started;
  const inTransaction = async (work: (client: import('pg').PoolClient) => Promise<void>) => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await work(client);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
  // The dispatcher's part, in memory: committed delivery ids wait here until a worker takes up to `batch` of them.
  const handedOver: string[] = [];
  const publisher = async () => {
    while (performance.now() < publishUntil) {
      const payload = JSON.stringify({
        userId: randomUUID(),
        displayName: 'floor',
        registeredAt: new Date().toISOString(),
      });
      let ids: string[] = [];
      await inTransaction(async (client) => {
        const { rows } = await client.query({
          name: 'publish',
          text: BARE.publish,
          values: [randomUUID(), randomUUID(), payload, randomUUID(), options.subscribers],
        });
        ids = rows.map((row) => row.id);
      });
      handedOver.push(...ids);
      published++;
    }
  };
  const worker = async () => {
    while (publishing || delivered < published * options.subscribers.length) {
      if (!handedOver.length) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        continue;
      }
      const token = randomUUID();
      const taken = handedOver.splice(0, options.batch);
      const { rows } = await pool.query({ name: 'claim', text: BARE.claim, values: [taken, token] });
      if (rows.length !== taken.length)
        throw new Error(`bare-Node floor: claimed ${rows.length} of ${taken.length} deliveries`);
      const ids = rows.map((row) => row.id);
      await inTransaction(async (client) => {
        const locked = await client.query({ name: 'lock', text: BARE.lock, values: [ids, token] });
        if (locked.rowCount !== ids.length)
          throw new Error(`bare-Node floor: locked ${locked.rowCount} of ${ids.length} claimed deliveries`);
        for (const row of rows)
          await client.query({
            name: 'handle',
            text: BARE.handle,
            values: [row.subscriber, row.event_id, row.payload.userId, row.payload.displayName],
          });
        const { rows: marks } = await client.query({ name: 'complete', text: BARE.complete, values: [ids, token] });
        if (marks[0].completed !== ids.length)
          throw new Error(`bare-Node floor: completed ${marks[0].completed} of ${ids.length} claimed deliveries`);
      });
      delivered += rows.length;
      lastCompletion = performance.now();
    }
  };
  try {
    const publishers = Promise.all(Array.from({ length: options.publishers }, publisher)).finally(
      () => (publishing = false),
    );
    await Promise.all([publishers, ...Array.from({ length: options.workers }, worker)]);
  } finally {
    await pool.end();
  }
  const used = process.cpuUsage(cpu);
  const { rows } = await postgres.query<{ completed: number; received: number }>(COUNTS);
  if (delivered === 0 || rows[0].completed !== delivered || rows[0].received !== delivered) {
    throw new Error(`the bare-Node floor did not deliver as counted: ${delivered} counted, ${JSON.stringify(rows[0])}`);
  }
  return {
    deliveriesPerSecond: Math.round(delivered / ((lastCompletion - started) / 1000)),
    nodeCpuMicrosPerDelivery: Math.round((used.user + used.system) / delivered),
  };
}
