import { spawn } from 'node:child_process';

export type UploadAnswer = { status: number; contentType?: string; body: string } | { error: string };

/**
 * A plain node:http client that writes the whole body, in 64 KB pieces, then reads the answer;
 * it prints the answer, or the error that ended the exchange, as one JSON line.
 */
const CLIENT = `
const { request } = require('node:http');
const [url, bytes, chunked] = [process.argv[1], Number(process.argv[2]), process.argv[3] === 'chunked'];
const body = Buffer.alloc(bytes, 'a');
let settled = false;
const report = (answer) => { if (!settled) { settled = true; console.log(JSON.stringify(answer)); } };
const req = request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', ...(chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(bytes) }) } });
req.on('response', (res) => {
  const chunks = [];
  res.on('data', (chunk) => chunks.push(chunk));
  res.on('end', () => report({ status: res.statusCode, contentType: res.headers['content-type'], body: Buffer.concat(chunks).toString() }));
  res.on('error', (error) => report({ error: error.code ?? error.message }));
});
req.on('error', (error) => report({ error: error.code ?? error.message }));
for (let at = 0; at < bytes; at += 65536) req.write(body.subarray(at, at + 65536));
req.end();
`;

/**
 * POSTs `bytes` bytes from another process (as a real client is: in the test's own process the
 * server and the client would share one event loop, which hides the race), with a
 * Content-Length or chunked.
 */
export function uploadLargeBody(
  baseUrl: string,
  path: string,
  bytes: number,
  { chunked = false } = {},
): Promise<UploadAnswer> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['-e', CLIENT, `${baseUrl}${path}`, String(bytes), chunked ? 'chunked' : 'length'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', () =>
      output.trim()
        ? resolve(JSON.parse(output.trim().split('\n')[0]))
        : reject(new Error('the client printed nothing')),
    );
  });
}
