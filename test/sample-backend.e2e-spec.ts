import { createHash, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { type CryptoKey, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCityBikesBackend } from '../mini-apps/city-bikes/backend/server.mjs';

/**
 * The sample backend is code developers copy: its checks of the platform's request signature must
 * refuse every request that was not signed for exactly what arrived. The test plays the platform
 * (its published keys, and the signatures its proxy makes).
 */
describe('the City Bikes sample backend', () => {
  let platform: Server;
  let backend: Server;
  let origin: string;
  let privateKey: CryptoKey;
  const OPENID = 'yQ3-sample-openid';

  beforeAll(async () => {
    const keys = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    privateKey = keys.privateKey;
    const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'test-key', alg: 'EdDSA', use: 'sig' };
    platform = createServer((_request, response) =>
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })),
    );
    await new Promise<void>((resolve) => platform.listen(0, '127.0.0.1', resolve));
    const options = { platformUrl: `http://127.0.0.1:${(platform.address() as AddressInfo).port}`, publicOrigin: '' };
    backend = createCityBikesBackend(options);
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
    options.publicOrigin = origin;
  });
  afterAll(() => {
    backend?.close();
    platform?.close();
  });

  const sign = (claims: { htm: string; htu: string; body?: string; sub?: string }) =>
    new SignJWT({
      htm: claims.htm,
      htu: claims.htu,
      bsh: createHash('sha256')
        .update(claims.body ?? '')
        .digest('base64url'),
    })
      .setProtectedHeader({ alg: 'EdDSA', typ: 'superapp-request+jwt', kid: 'test-key' })
      .setIssuer('https://superapp.local')
      .setAudience('city-bikes')
      .setSubject(claims.sub ?? OPENID)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime('60s')
      .sign(privateKey);

  const send = (
    path: string,
    signature: string | null,
    init: { method?: string; body?: string; openid?: string } = {},
  ) =>
    fetch(origin + path, {
      method: init.method ?? 'GET',
      body: init.body,
      headers: {
        'x-superapp-openid': init.openid ?? OPENID,
        ...(signature ? { 'x-superapp-signature': signature } : {}),
      },
    });

  it('answers a request signed for exactly what arrived', async () => {
    const response = await send(
      '/stations?near=52.52,13.4',
      await sign({ htm: 'GET', htu: `${origin}/stations?near=52.52,13.4` }),
    );
    expect(response.status).toBe(200);
    expect(((await response.json()) as { stations: unknown[] }).stations).toHaveLength(4);
  });

  it('refuses an unsigned request, another URL, another body, another user, and a replay', async () => {
    expect((await send('/stations?near=1,1', null)).status).toBe(401);
    expect(
      (await send('/stations?near=2,2', await sign({ htm: 'GET', htu: `${origin}/stations?near=1,1` }))).status,
    ).toBe(401);
    expect(
      (await send('/stations?near=1,1', await sign({ htm: 'POST', htu: `${origin}/stations?near=1,1` }))).status,
    ).toBe(401);
    const signedBody = await sign({ htm: 'POST', htu: `${origin}/session`, body: '{"code":"a"}' });
    expect((await send('/session', signedBody, { method: 'POST', body: '{"code":"b"}' })).status).toBe(401);
    expect(
      (
        await send(
          '/stations?near=1,1',
          await sign({ htm: 'GET', htu: `${origin}/stations?near=1,1`, sub: 'someone-else' }),
        )
      ).status,
    ).toBe(401);
    const once = await sign({ htm: 'GET', htu: `${origin}/stations?near=1,1` });
    expect((await send('/stations?near=1,1', once)).status).toBe(200);
    expect((await send('/stations?near=1,1', once)).status).toBe(401);
  });

  it('keeps serving after a client hangs up in the middle of a body', async () => {
    const socket = connect(Number(new URL(origin).port), '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.write('POST /session HTTP/1.1\r\nhost: x\r\ncontent-length: 1000\r\n\r\n{"code":');
    socket.destroy();
    const response = await send('/stations?near=1,1', await sign({ htm: 'GET', htu: `${origin}/stations?near=1,1` }));
    expect(response.status).toBe(200);
  });
});
