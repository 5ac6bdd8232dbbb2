// Imported first by bus-app.ts, as src/instrument.ts is by main.ts: OpenTelemetry patches pg and ioredis
// before anything loads them, so the bus runs with the same instrumentation as in production
// (OTEL_SDK_DISABLED=true turns it off, as for node dist/main.js).
require('../../dist/instrument');
