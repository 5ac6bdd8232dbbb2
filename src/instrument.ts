import { startTracing } from './platform/observability/tracing';

// Imported first by main.ts: OpenTelemetry must patch http, pg and ioredis before they load.
startTracing();
