import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** At most this much of a refused body is read after the answer, for at most this long; then the connection is cut. */
const LINGER_MAX_BYTES = 32 * 1024 * 1024;
const LINGER_MAX_MS = 10_000;

/**
 * An answer sent while the request's body is still arriving (a 413, a 415, a refused upload) ends
 * the connection: Node then destroys the socket as soon as the answer is written, the bytes the
 * client is still sending land on a closed socket, the kernel answers them with a reset, and the
 * client sees ECONNRESET or EPIPE instead of the answer it was sent. RFC 9112 §9.6 asks for a
 * lingering close instead: send the answer and FIN, then keep reading until the client has sent
 * everything (or closes), and only then close. This does so, up to a cap in bytes and time past
 * which the client is taken to be hostile and cut off.
 *
 * Node closes such a socket through `socket.destroySoon()` once the response has finished (its
 * http server's resOnFinish); that one call, on this one socket, is replaced. Hand-written because
 * neither Node nor Fastify offers a lingering close.
 */
export function lingerIfBodyUnread(request: FastifyRequest, reply: FastifyReply): void {
  const { raw } = request;
  if (raw.complete || raw.readableEnded || !raw.socket) return;
  // Not kept alive: reading an unbounded body only to reuse the connection is not worth it.
  reply.header('connection', 'close');
  const socket = raw.socket as Socket & { destroySoon?: () => void };
  socket.destroySoon = () => lingeringClose(raw, socket);
}

function lingeringClose(request: IncomingMessage, socket: Socket): void {
  socket.end();
  let read = 0;
  const close = () => {
    clearTimeout(timer);
    request.off('data', count);
    if (socket.writableFinished) socket.destroy();
    else socket.once('finish', () => socket.destroy());
  };
  const count = (chunk: Buffer) => {
    read += chunk.length;
    if (read > LINGER_MAX_BYTES) close();
  };
  const timer = setTimeout(close, LINGER_MAX_MS).unref();
  // The parser goes on reading the rest of the body into the request, which drops it; its end is the client's last byte.
  request.on('data', count);
  request.once('end', close);
  socket.once('close', () => clearTimeout(timer));
  request.resume();
}
