// Imported first (as an import, not a require: a require statement runs after every import of its file, which
// are hoisted, so http, pg and ioredis would already be loaded and stay unpatched) by the bench's servers, as
// src/instrument.ts is by main.ts: OpenTelemetry patches http, pg and ioredis before anything loads them, so they
// run with the same instrumentation as in production (OTEL_SDK_DISABLED=true turns it off, as for node dist/main.js).
require('../../dist/instrument');
