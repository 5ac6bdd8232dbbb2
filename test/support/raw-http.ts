import { connect } from 'node:net';
import type { HttpResponse } from './http-client';

/**
 * Writes `request` byte for byte on a fresh connection and reads the answer until the server
 * closes it: for requests no HTTP client would send (raw non-ASCII bytes, oversized headers).
 */
export function rawRequest(baseUrl: string, request: string | Buffer, timeoutMs = 5_000): Promise<HttpResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(request));
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(new Error(`no complete answer within ${timeoutMs} ms`)), timeoutMs);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('end', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(parse(Buffer.concat(chunks)));
    });
  });
}

/** A GET of `target` (sent exactly as given) that asks the server to close afterwards. */
export const rawGet = (target: string | Buffer, headers: Record<string, string> = {}): Buffer =>
  Buffer.concat([
    Buffer.from('GET '),
    Buffer.isBuffer(target) ? target : Buffer.from(target, 'latin1'),
    Buffer.from(
      ` HTTP/1.1\r\nhost: localhost\r\n${Object.entries(headers)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('')}connection: close\r\n\r\n`,
    ),
  ]);

function parse(raw: Buffer): HttpResponse {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) throw new Error(`not an HTTP answer: ${raw.toString('latin1').slice(0, 200)}`);
  const [statusLine, ...lines] = raw.subarray(0, end).toString('latin1').split('\r\n');
  const headers = new Headers(
    lines.map(
      (line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()] as [string, string],
    ),
  );
  const text = raw.subarray(end + 4).toString('utf8');
  return {
    status: Number(statusLine.split(' ')[1]),
    headers,
    text,
    body: /json/.test(headers.get('content-type') ?? '') && text ? JSON.parse(text) : text,
  };
}
