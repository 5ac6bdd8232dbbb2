import { judgeNodeVersion } from './platform/config/node-version';
import { loadDotEnv } from './platform/config/dot-env';
import { startTracing } from './platform/observability/tracing';

// Imported first by main.ts and cli.ts: the Node check comes before anything loads, the settings
// of ./.env before anything reads them, and OpenTelemetry must patch http, pg and ioredis before they load.
const node = judgeNodeVersion(process.version);
if (!node.ok) {
  process.stderr.write(`${node.message}\n`);
  if (node.fatal) process.exit(1);
}
loadDotEnv();
startTracing();
