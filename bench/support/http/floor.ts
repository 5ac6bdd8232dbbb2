// bench:http's floor: the same two routes with nothing but Fastify, jose and one prepared node-pg
// query, under the same tracing setting as the platform (its instrumentation, loaded first).
import '../instrument';
import Fastify from 'fastify';
import { jwtVerify } from 'jose';
import { Pool } from 'pg';
import { baselineEnv, exitOnStartFailure, LIVE, userBody, type UserRow } from './baseline-env';

const env = baselineEnv();
const pool = new Pool({ connectionString: env.databaseUrl, max: 10 });
const app = Fastify({ logger: { level: env.logLevel } });

app.get('/health/live', async () => LIVE);
app.get('/identity/me', async (request, reply) => {
  const header = request.headers.authorization;
  if (!header?.startsWith('Bearer ')) return reply.code(401).send();
  let subject: string | undefined;
  try {
    const { payload } = await jwtVerify(header.slice(7), env.publicKey, {
      algorithms: ['ES256'],
      issuer: env.issuer,
      audience: env.audience,
    });
    subject = payload.sub;
  } catch {
    return reply.code(401).send();
  }
  const { rows } = await pool.query<UserRow>({
    name: 'user-by-id',
    text: 'SELECT id, email, display_name, roles, locale, avatar_url, created_at FROM identity.users WHERE id = $1',
    values: [subject],
  });
  return rows[0] ? userBody(rows[0]) : reply.code(404).send();
});

app.listen({ port: env.port, host: '127.0.0.1' }).catch(exitOnStartFailure('the floor server'));
