// The baseline: bare Fastify, no plugins, no logger. Run as a child process by http.bench.ts.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));
app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' }).catch((error: unknown) => {
  process.stderr.write(`bare server failed to start: ${String(error)}\n`);
  process.exit(1);
});
