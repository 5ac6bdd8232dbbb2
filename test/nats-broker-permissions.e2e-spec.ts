import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jetstream } from '@nats-io/jetstream';
import { connect, type ConnectionOptions, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODULE_CONTRACT_LIST } from '../src/module-contracts';
import { ClientNats, ServerNats } from '@nestjs/microservices';
import { firstValueFrom } from 'rxjs';
import { natsConnectionOptions } from '../src/platform/nats/nats-connection-options';
import { callQueueOf, callSubjectOf, inboxPrefixOf } from '../src/platform/nats/subjects';
import { BusProbe } from './support/bus-fixtures';
import { STRONG_PASSWORD } from './support/identity-fixtures';
import { NatsServer } from './support/nats-server';
import { spawnCaptured } from './support/platform-process';
import { startTestApp, type TestApp } from './support/test-app';
import { type CertificateFiles, ThrowawayCa } from './support/throwaway-ca';
import { waitFor } from './support/wait-for';

const USER_REGISTERED = 'bus.identity.user-registered';

describe('the broker enforces the declarations: a NATS user per process, over mTLS (ADR 0037)', () => {
  const ca = ThrowawayCa.create();
  const rogueCa = ThrowawayCa.create('rogue', ca.dir);
  let nats: NatsServer;
  let t: TestApp;
  let db: BusProbe;
  let platformEnv: Record<string, string>;
  const clients: NatsConnection[] = [];

  /** A raw client with the certificate of the process `name` (the broker's user `CN=<name>`), and its inbox. */
  const connectAs = async (
    certificate: CertificateFiles | undefined,
    name: string,
    options: ConnectionOptions = {},
  ) => {
    const client = await connect({
      servers: nats.url,
      tls: { caFile: ca.caFile, ...(certificate && { certFile: certificate.cert, keyFile: certificate.key }) },
      inboxPrefix: inboxPrefixOf(name),
      timeout: 2_000,
      maxReconnectAttempts: 0,
      ...options,
    });
    clients.push(client);
    return client;
  };
  const registration = async () => {
    const response = await t.http.post('/identity/register', {
      email: `mtls-${randomUUID()}@example.com`,
      password: STRONG_PASSWORD,
      displayName: 'Certified',
    });
    expect(response.status).toBe(201);
    return response.body.id as string;
  };
  const walletOpenedFor = (userId: string) =>
    waitFor(
      async () =>
        (await db.query('SELECT * FROM bus.events WHERE type = $1 AND key = $2', ['wallet.opened', userId]))[0],
      10_000,
    );

  beforeAll(async () => {
    const server = ca.server();
    // The users of three processes, as an operator makes them: the built CLI.
    const modules = MODULE_CONTRACT_LIST.map((contract) => contract.name).join(',');
    const cli = spawnCaptured(
      process.execPath,
      ['dist/cli.js', 'nats-config', '--mtls', `platform=${modules}`, 'wallet=wallet', 'payments=payments'],
      {},
    );
    expect(await cli.exited, cli.stderr()).toBe(0);
    const text = cli.stdout();
    writeFileSync(join(ca.dir, 'authorization.conf'), text);
    const configFile = join(ca.dir, 'nats-server.conf');
    writeFileSync(
      configFile,
      [
        `tls { cert_file: "${server.cert}", key_file: "${server.key}", ca_file: "${ca.caFile}", verify_and_map: true, timeout: 2 }`,
        'include ./authorization.conf',
      ].join('\n'),
    );
    nats = await NatsServer.start({ configFile });
    const platform = ca.client('platform');
    platformEnv = {
      BUS_TRANSPORT: 'nats',
      NATS_URL: nats.url,
      NATS_TLS_CA: ca.caFile,
      NATS_TLS_CERT: platform.cert,
      NATS_TLS_KEY: platform.key,
      BUS_SWEEP_INTERVAL_MS: '100',
    };
    t = await startTestApp(platformEnv);
    db = await BusProbe.connect(t);
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
    await db?.close();
    await t?.close();
    await nats?.close();
    ca.close();
  });

  it('lets the platform, as the user of all its modules, carry a registration to the wallet without one violation', async () => {
    const userId = await registration();
    expect((await walletOpenedFor(userId)).producer).toBe('wallet');
    // Every subject the platform used (stream, consumers, pulls, acks, publications, replies) was one it was granted.
    expect(nats.log).not.toMatch(/Violation/);
    const ready = await t.http.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.details.nats).toEqual({ status: 'up' });
  });

  it("refuses wallet's user a publication on identity's subject: nothing of it reaches the stream", async () => {
    const wallet = await connectAs(ca.client('wallet'), 'wallet');
    const forged = randomUUID();
    const envelope = {
      eventId: randomUUID(),
      type: 'identity.user-registered',
      version: 1,
      producer: 'identity',
      key: forged,
    };
    const payload = { userId: forged, displayName: 'Forged', registeredAt: new Date().toISOString() };
    await expect(
      jetstream(wallet).publish(USER_REGISTERED, JSON.stringify({ envelope, payload }), { timeout: 1_000 }),
    ).rejects.toThrow();
    await waitFor(() => nats.log.includes(`Publish Violation - User "CN=wallet", Subject "${USER_REGISTERED}"`), 5_000);
    // A registration after it goes through the stream to the wallet; the forged one never arrived before it.
    await walletOpenedFor(await registration());
    expect(await db.query('SELECT * FROM bus.events WHERE key = $1', [forged])).toEqual([]);
  });

  it("carries a call from payments' ClientNats to wallet's ServerNats and its answer back to payments' inbox only", async () => {
    const as = (certificate: CertificateFiles) =>
      natsConnectionOptions({ ...t.config, NATS_TLS_CERT: certificate.cert, NATS_TLS_KEY: certificate.key }, 'test');
    const server = new ServerNats({ ...as(ca.client('wallet')), queue: callQueueOf('wallet') });
    server.addHandler(callSubjectOf('wallet', 'PayMerchant'), async (data: { amount: number }) => ({
      paid: data.amount,
    }));
    const listening = await new Promise<unknown>((settle) => {
      void server.listen((error?: unknown) => settle(error));
    });
    expect(listening).toBeUndefined();
    const client = new ClientNats(as(ca.client('payments')));
    try {
      const answer = await firstValueFrom(client.send(callSubjectOf('wallet', 'PayMerchant'), { amount: 5 }));
      expect(answer).toEqual({ paid: 5 });
    } finally {
      await client.close();
      await server.close();
    }
    // Payments sends no such call; wallet may not read payments' inbox.
    const payments = await connectAs(ca.client('payments'), 'payments');
    await expect(payments.request('call.identity.RegisterUser', '', { timeout: 500 })).rejects.toThrow();
    const wallet = await connectAs(ca.client('wallet'), 'wallet');
    wallet.subscribe(`${inboxPrefixOf('payments')}.>`);
    await waitFor(
      () =>
        nats.log.includes(`Subscription Violation - User "CN=wallet", Subject "${inboxPrefixOf('payments')}.>"`) &&
        nats.log.includes('Publish Violation - User "CN=payments", Subject "call.identity.RegisterUser"'),
      5_000,
    );
  });

  it('turns away a client without a certificate, or with one from another CA', async () => {
    // The server ends the TLS handshake; the client sees its connection attempt time out.
    await expect(connectAs(undefined, 'platform', { timeout: 1_000 })).rejects.toThrow();
    await expect(connectAs(rogueCa.client('platform'), 'platform', { timeout: 1_000 })).rejects.toThrow();
    await waitFor(
      () =>
        nats.log.includes("TLS handshake error: tls: client didn't provide a certificate") &&
        nats.log.includes('x509: certificate signed by unknown authority'),
      5_000,
    );
  });

  it('starts another process of the same user on the existing stream and consumers, within its grants', async () => {
    // Its start updates the stream and reads each consumer (which it would otherwise create): refused, it would not start.
    const again = await startTestApp(platformEnv);
    try {
      expect((await again.http.get('/health/ready')).body.details.nats).toEqual({ status: 'up' });
    } finally {
      await again.close();
    }
    expect(nats.log).not.toMatch(/Violation - User "CN=platform"/);
  });

  it('is not ready while NATS is away, and ready again once it is back', async () => {
    expect(nats.log).not.toMatch(/Violation - User "CN=platform"/);
    await nats.kill();
    const away = await waitFor(async () => {
      const ready = await t.http.get('/health/ready');
      return ready.status === 503 && ready;
    }, 10_000);
    expect(away.body.details.nats).toEqual({ status: 'down', message: 'disconnected: governance-bus' });
    await nats.restart();
    await waitFor(async () => (await t.http.get('/health/ready')).status === 200, 10_000);
    await walletOpenedFor(await registration());
    // Coming back (consumers checked again, messages pulled and acknowledged), the platform stayed within its grants.
    expect(nats.log).not.toMatch(/Violation - User "CN=platform"/);
  });
});
