/**
 * The baseline of `npm run bench:bus`: PostgreSQL alone running the bus's writes for the same workload, driven by
 * pgbench's C clients, with no app, no Redis and no BullMQ. It answers "how many deliveries per second can this
 * machine's PostgreSQL do with the bus's data model at all?", so the app's saturation figure has a ceiling to
 * be read against (the ratio) and the goal can be checked against what the hardware allows.
 *
 * Two pgbench scripts, mixed so that publishing and delivering balance (weights: the batch size and the
 * subscriber count):
 *  - publish: one event and one pending delivery per subscriber, in one transaction (BEGIN, one INSERT, COMMIT);
 *  - deliver: a batch as the bus runs it: the claim (autocommit UPDATE … RETURNING), then BEGIN, the lock of the
 *    claimed rows, one subscriber INSERT per claimed delivery, the completion mark, COMMIT.
 * It is kinder to PostgreSQL than the app's statements: no per-key advisory lock, no first-in-line probe, the
 * largest batch the dispatcher forms every time. So it is an upper bound for the app, not a target it can meet.
 *
 * `bareNodeFloor` runs the same statements from Node with node-pg and nothing else (no Nest, TypeORM, BullMQ,
 * Redis or async context): what any Node implementation of this data model can reach on this machine.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import { Pool, type Client } from 'pg';

const run$ = promisify(execFile);

function publishScript(subscribers: readonly string[]): string {
  const list = subscribers.map((id) => `'${id}'`).join(', ');
  return `BEGIN;
WITH event AS (
  INSERT INTO bus.events (id, type, version, producer, key, payload, occurred_at, correlation_id, causation_id, traceparent)
  VALUES (gen_random_uuid(), 'identity.user-registered', 1, 'identity', gen_random_uuid()::text,
          jsonb_build_object('userId', gen_random_uuid(), 'displayName', 'floor', 'registeredAt', now()), now(), gen_random_uuid()::text, NULL, NULL)
  RETURNING id, type, key, position)
INSERT INTO bus.deliveries (event_id, subscriber, event_type, key, position, status, max_attempts)
SELECT event.id, s.subscriber, event.type, event.key, event.position, 'pending', 8 FROM event, unnest(ARRAY[${list}]) AS s(subscriber);
COMMIT;
`;
}

function deliverScript(batch: number): string {
  const token = `md5(:token::text)::uuid`;
  const handlers = Array.from(
    { length: batch },
    (_, i) => `\\if :claimed > ${i}
INSERT INTO bench.received (subscriber, event_id, user_id, display_name) VALUES ('floor', gen_random_uuid(), gen_random_uuid(), 'floor');
\\endif`,
  ).join('\n');
  return `\\set token random(1, 2000000000)
WITH claimed AS (
  UPDATE bus.deliveries d SET status = 'processing', attempts = d.attempts + 1, claim_token = ${token},
         lease_until = clock_timestamp() + interval '30 seconds', updated_at = clock_timestamp()
   WHERE d.id IN (SELECT id FROM bus.deliveries WHERE status = 'pending' ORDER BY id LIMIT ${batch} FOR UPDATE SKIP LOCKED)
  RETURNING d.id)
SELECT count(*) AS claimed, coalesce(min(id), 0) AS low, coalesce(max(id), 0) AS high FROM claimed \\gset
BEGIN;
SELECT id FROM bus.deliveries WHERE id BETWEEN :low AND :high AND claim_token = ${token} FOR UPDATE;
${handlers}
UPDATE bus.deliveries SET status = 'completed', completed_at = clock_timestamp(), updated_at = clock_timestamp(), lease_until = NULL, last_error = NULL
 WHERE id BETWEEN :low AND :high AND claim_token = ${token} AND status = 'processing';
COMMIT;
`;
}

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
  await postgres.query('TRUNCATE bus.deliveries, bus.events, bench.received');
  // Every event makes one delivery per subscriber; every batch takes `batch` of them.
  const args = ['-n', '-M', 'prepared', '-c', String(options.clients), '-j', '2', '-T', String(options.seconds)];
  args.push('-f', `${publish}@${options.batch}`, '-f', `${deliver}@${options.subscribers.length}`, databaseUrl);
  await run$('pgbench', args, { maxBuffer: 16 * 1024 * 1024 });
  const { rows } = await postgres.query<{ completed: number; received: number }>(
    `SELECT (SELECT count(*)::int FROM bus.deliveries WHERE status = 'completed') AS completed, (SELECT count(*)::int FROM bench.received) AS received`,
  );
  // Each completed delivery had its subscriber INSERT in the same transaction: the two counts agree, or the script is wrong.
  if (rows[0].completed === 0 || rows[0].received !== rows[0].completed) throw new Error(`the floor's scripts did not deliver: ${JSON.stringify(rows[0])}`);
  return { deliveriesPerSecond: Math.round(rows[0].completed / options.seconds), batch: options.batch, clients: options.clients, seconds: options.seconds };
}

const BARE = {
  publish: `WITH event AS (
      INSERT INTO bus.events (id, type, version, producer, key, payload, occurred_at, correlation_id, causation_id, traceparent)
      VALUES ($1, 'identity.user-registered', 1, 'identity', $2, $3, now(), $4, NULL, NULL) RETURNING id, type, key, position)
    INSERT INTO bus.deliveries (event_id, subscriber, event_type, key, position, status, max_attempts)
    SELECT event.id, s.subscriber, event.type, event.key, event.position, 'pending', 8 FROM event, unnest($5::text[]) AS s(subscriber)`,
  claim: `UPDATE bus.deliveries d SET status = 'processing', attempts = d.attempts + 1, claim_token = $1,
           lease_until = clock_timestamp() + interval '30 seconds', updated_at = clock_timestamp()
      FROM bus.events e
     WHERE d.id IN (SELECT id FROM bus.deliveries WHERE status = 'pending' ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED) AND e.id = d.event_id
    RETURNING d.id, d.subscriber, e.id AS event_id, e.payload`,
  lock: `SELECT id FROM bus.deliveries WHERE id = ANY($1::bigint[]) AND claim_token = $2 FOR UPDATE`,
  handle: `INSERT INTO bench.received (subscriber, event_id, user_id, display_name) VALUES ($1, $2, $3, $4)`,
  complete: `UPDATE bus.deliveries SET status = 'completed', completed_at = clock_timestamp(), updated_at = clock_timestamp(), lease_until = NULL
     WHERE id = ANY($1::bigint[]) AND claim_token = $2 AND status = 'processing'`,
};

/**
 * `publishers` loops publish for `seconds` (one event per transaction), `workers` loops deliver in batches of up
 * to `batch` (claim; BEGIN, lock, one INSERT per delivery, completion, COMMIT) until every event is delivered.
 * Deliveries per second run from the start to the last completion.
 */
export async function bareNodeFloor(
  databaseUrl: string,
  postgres: Client,
  options: { subscribers: readonly string[]; batch: number; publishers: number; workers: number; seconds: number },
): Promise<{ deliveriesPerSecond: number; nodeCpuMicrosPerDelivery: number }> {
  await postgres.query('TRUNCATE bus.deliveries, bus.events, bench.received');
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
  const publisher = async () => {
    while (performance.now() < publishUntil) {
      const payload = JSON.stringify({ userId: randomUUID(), displayName: 'floor', registeredAt: new Date().toISOString() });
      await inTransaction((client) => client.query({ name: 'publish', text: BARE.publish, values: [randomUUID(), randomUUID(), payload, randomUUID(), options.subscribers] }).then(() => undefined));
      published++;
    }
  };
  const worker = async () => {
    while (publishing || delivered < published * options.subscribers.length) {
      const token = randomUUID();
      const { rows } = await pool.query({ name: 'claim', text: BARE.claim, values: [token, options.batch] });
      if (!rows.length) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        continue;
      }
      const ids = rows.map((row) => row.id);
      await inTransaction(async (client) => {
        await client.query({ name: 'lock', text: BARE.lock, values: [ids, token] });
        for (const row of rows) await client.query({ name: 'handle', text: BARE.handle, values: [row.subscriber, row.event_id, row.payload.userId, row.payload.displayName] });
        await client.query({ name: 'complete', text: BARE.complete, values: [ids, token] });
      });
      delivered += rows.length;
      lastCompletion = performance.now();
    }
  };
  try {
    const publishers = Promise.all(Array.from({ length: options.publishers }, publisher)).finally(() => (publishing = false));
    await Promise.all([publishers, ...Array.from({ length: options.workers }, worker)]);
  } finally {
    await pool.end();
  }
  const used = process.cpuUsage(cpu);
  return {
    deliveriesPerSecond: Math.round(delivered / ((lastCompletion - started) / 1000)),
    nodeCpuMicrosPerDelivery: Math.round((used.user + used.system) / delivered),
  };
}
