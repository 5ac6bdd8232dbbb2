import { judgeNodeVersion } from './platform/config/node-version';
import { startTracing } from './platform/observability/tracing';

// Imported first by main.ts and cli.ts: the Node check comes before anything loads, and
// OpenTelemetry must patch http, pg and ioredis before they load.
const node = judgeNodeVersion(process.version);
if (!node.ok) {
  process.stderr.write(`${node.message}\n`);
  if (node.fatal) process.exit(1);
}
startTracing();
