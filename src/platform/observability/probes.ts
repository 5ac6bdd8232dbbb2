import { EventEmitter } from 'node:events';
import type { IncomingMessage, Server } from 'node:http';

type Emit = (event: string | symbol, ...args: unknown[]) => boolean;

/** Scrapes and health probes arrive every few seconds: never logged, never traced. */
export function isProbe(url: string | undefined): boolean {
  return url === '/metrics' || url?.startsWith('/health/') === true;
}

/**
 * Probes reach the server's request handler past OpenTelemetry's HTTP instrumentation. Its
 * ignoreIncomingRequestHook still runs the request inside a fresh context and binds the request and
 * response emitters to it, a sixth of a liveness check's CPU, for a request that is never traced.
 */
export function untracedProbes(server: Server): void {
  if (Object.is(Reflect.get(server, 'emit'), Reflect.get(EventEmitter.prototype, 'emit'))) return; // tracing off
  const traced = server.emit.bind(server) as Emit;
  const plain = EventEmitter.prototype.emit.bind(server) as Emit;
  server.emit = ((event: string | symbol, ...args: unknown[]): boolean => {
    const untraced = event === 'request' && isProbe((args[0] as IncomingMessage).url);
    return untraced ? plain(event, ...args) : traced(event, ...args);
  }) as Server['emit'];
}
