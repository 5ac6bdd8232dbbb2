import { type AddressInfo, createServer } from 'node:net';

/** A TCP port free on loopback now (for a server whose origin must be known before it starts, such as the shell's). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
