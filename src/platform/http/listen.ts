import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createServer } from 'node:net';
import { reasonOf, StartupFailure } from '../config/startup-failure';

/**
 * Tries the port before anything slow starts (the embedded database, migrations), so that a port
 * in use fails the start at once; `listen` maps the same errors should the port be taken in between.
 */
export async function assertPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  const probe = createServer();
  await new Promise<void>((done, fail) => {
    probe.once('error', (error) => fail(listenFailure(error, host, port)));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => done()));
  });
}

/** Listens, and answers the port that it listens on (PORT=0 picks a free one). */
export async function listen(app: NestFastifyApplication, host: string, port: number): Promise<number> {
  try {
    await app.listen({ port, host });
  } catch (error) {
    throw listenFailure(error, host, port);
  }
  const address = app.getHttpServer().address();
  return typeof address === 'object' && address ? address.port : port;
}

function listenFailure(error: unknown, host: string, port: number): Error {
  switch ((error as { code?: string }).code) {
    case 'EADDRINUSE':
      return new StartupFailure(
        `Port ${port} is already in use on ${host}: stop what listens there, or set PORT to another port`,
      );
    case 'EACCES':
      return new StartupFailure(`Port ${port} needs privileges this user lacks: set PORT to 1024 or above`);
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return new StartupFailure(
        `HOST ${host} is not an address of this machine (${reasonOf(error)}): set HOST, e.g. to 0.0.0.0 or 127.0.0.1`,
      );
    default:
      return error as Error;
  }
}
