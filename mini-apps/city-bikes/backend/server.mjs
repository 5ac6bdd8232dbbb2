// The backend of the City Bikes sample: what a mini-app's own server does with the platform.
// - Every call from the mini-app arrives from the platform's proxy with X-Superapp-Openid and
//   X-Superapp-Signature (a JWS binding method, URL, body and openid): verify it, refuse replays.
// - A login code from superapp.login() is exchanged, server to server, for the user's openid.
// Run: PLATFORM_URL=http://localhost:3000 CITY_BIKES_CLIENT_SECRET=… node mini-apps/city-bikes/backend/server.mjs
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { createRemoteJWKSet, jwtVerify } from 'jose';

const MAX_BODY = 64 * 1024;

/**
 * @param {{ platformUrl: string, issuer?: string, slug?: string, clientSecret?: string, publicOrigin: string }} options
 *   publicOrigin: this backend's origin as declared in the manifest (the signature binds the full URL).
 *   Read on every request, so a secret rotated into `options.clientSecret` takes effect at once.
 */
export function createCityBikesBackend(options) {
  let keys;
  // Signatures live 60 s: a jti is remembered that long. In memory, so for one instance; several share it (e.g. Redis).
  const seenJtis = new Map();

  async function verify(request, body) {
    const { issuer = 'https://superapp.local', slug = 'city-bikes', publicOrigin } = options;
    const signature = request.headers['x-superapp-signature'];
    if (typeof signature !== 'string') throw new Error('unsigned');
    keys ??= createRemoteJWKSet(new URL('/runtime/jwks.json', options.platformUrl));
    const { payload } = await jwtVerify(signature, keys, {
      issuer,
      audience: slug,
      typ: 'superapp-request+jwt',
      algorithms: ['EdDSA'],
    });
    const bodyHash = createHash('sha256').update(body).digest('base64url');
    if (payload.htm !== request.method || payload.htu !== publicOrigin + request.url || payload.bsh !== bodyHash)
      throw new Error('signature does not match the request');
    if (payload.sub !== request.headers['x-superapp-openid']) throw new Error('signature is for another user');
    if (typeof payload.jti !== 'string' || typeof payload.exp !== 'number')
      throw new Error('signature without jti or exp');
    const now = Date.now();
    for (const [jti, expiresAt] of seenJtis) if (expiresAt < now) seenJtis.delete(jti);
    if (seenJtis.has(payload.jti)) throw new Error('replayed');
    seenJtis.set(payload.jti, payload.exp * 1000);
    return payload.sub;
  }

  async function exchange(code) {
    const { slug = 'city-bikes', clientSecret } = options;
    const response = await fetch(new URL('/runtime/sessions/exchange', options.platformUrl), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: 'Basic ' + Buffer.from(slug + ':' + clientSecret).toString('base64'),
      },
      body: JSON.stringify({ code }),
    });
    return response.ok ? (await response.json()).openid : null;
  }

  async function handle(request, response) {
    const reply = (status, value) =>
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    const chunks = [];
    let size = 0;
    for await (const chunk of request) {
      size += chunk.length;
      if (size > MAX_BODY) return reply(413, { error: 'too large' });
      chunks.push(chunk);
    }
    const body = Buffer.concat(chunks);
    let openid;
    try {
      openid = await verify(request, body);
    } catch (error) {
      return reply(401, { error: error.message });
    }
    const url = new URL(request.url, options.publicOrigin);
    if (request.method === 'GET' && url.pathname === '/stations') {
      const [latitude, longitude] = (url.searchParams.get('near') ?? '').split(',').map(Number);
      if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return reply(400, { error: 'near=lat,lng' });
      return reply(200, { stations: stationsNear(latitude, longitude) });
    }
    if (request.method === 'POST' && url.pathname === '/session') {
      const code = safeJson(body)?.code;
      const exchanged = typeof code === 'string' && options.clientSecret ? await exchange(code) : null;
      if (exchanged !== openid) return reply(401, { error: "the code is not this user's" });
      // Here a real backend would start its own session for this openid.
      return reply(200, { signedIn: true });
    }
    return reply(404, { error: 'not found' });
  }

  // A request cut off mid-body, or the platform unreachable, must not take the server down.
  return createServer((request, response) =>
    handle(request, response).catch(() => {
      if (!response.headersSent)
        response
          .writeHead(502, { 'content-type': 'application/json' })
          .end('{"error":"could not complete the request"}');
      else response.destroy();
    }),
  );
}

function safeJson(buffer) {
  try {
    return JSON.parse(buffer.toString('utf8'));
  } catch {
    return null;
  }
}

/** Made-up stations around a point, the same for the same point. */
function stationsNear(latitude, longitude) {
  const names = ['Market Square', 'Riverside', 'Central Station', 'Old Town'];
  return names.map((name, i) => ({
    id: `st-${i + 1}`,
    name,
    bikes: (Math.abs(Math.round(latitude * 100 + longitude * 10)) + i * 3) % 12,
    metres: 150 + i * 220,
  }));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const port = Number(process.env.PORT ?? 8787);
  const backend = createCityBikesBackend({
    platformUrl: process.env.PLATFORM_URL ?? 'http://localhost:3000',
    issuer: process.env.JWT_ISSUER,
    clientSecret: process.env.CITY_BIKES_CLIENT_SECRET,
    publicOrigin: `http://127.0.0.1:${port}`,
  });
  backend.listen(port, '127.0.0.1', () => console.log(`City Bikes backend on http://127.0.0.1:${port}`));
}
