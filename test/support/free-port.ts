import { type AddressInfo, createServer } from 'node:net';

/** A port nothing listens on now, for a test server the browser must reach at a fixed origin. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
