import { Client } from 'pg';
import type { SharedDeployment } from './shared-database-app';
import type { TestApp } from './test-app';
import { waitFor } from './wait-for';

/** Reads the probe's table and the bus's registry straight from PostgreSQL, as an operator would. */
export class BusProbe {
  private constructor(private readonly client: Client) {}

  static async connect(t: TestApp): Promise<BusProbe> {
    const client = new Client({ connectionString: t.config.DATABASE_URL });
    await client.connect();
    return new BusProbe(client);
  }

  async query<T = any>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    return (await this.client.query(sql, parameters)).rows as T[];
  }

  async receivedFor(userId: string): Promise<any[]> {
    return this.query('SELECT * FROM probe.received WHERE user_id = $1', [userId]);
  }

  async deliveriesOf(eventType: string, key: string, subscriber: string): Promise<any[]> {
    return this.query('SELECT * FROM bus.deliveries WHERE event_type = $1 AND key = $2 AND subscriber = $3', [
      eventType,
      key,
      subscriber,
    ]);
  }

  /** Waits until the delivery of the event with this key reaches a final state, and returns it. */
  async settled(eventType: string, key: string, subscriber: string, timeoutMs = 10_000): Promise<any> {
    return waitFor(
      async () => {
        const [delivery] = await this.deliveriesOf(eventType, key, subscriber);
        return delivery && ['completed', 'failed'].includes(delivery.status) && delivery;
      },
      timeoutMs,
      25,
    );
  }

  close(): Promise<void> {
    return this.client.end();
  }
}

/** Opens a pg client on a shared deployment's database, for the tables a test creates and reads. */
export function probeOf(deployment: SharedDeployment): Promise<BusProbe> {
  return BusProbe.connect({ config: { DATABASE_URL: deployment.databaseUrl } } as TestApp);
}
