import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { NestInstrumentation } from '@opentelemetry/instrumentation-nestjs-core';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { NodeSDK } from '@opentelemetry/sdk-node';
import * as tracing from '@opentelemetry/sdk-trace';
import { isProbe } from './probes';

let sdk: NodeSDK | undefined;

/**
 * Starts OpenTelemetry before anything it instruments is loaded (main.ts imports this first).
 *
 * With OTEL_EXPORTER_OTLP_ENDPOINT set, spans are recorded (standard OTEL_TRACES_SAMPLER
 * settings apply) and exported over OTLP/HTTP, from HTTP, Nest, pg and ioredis. Without it
 * nothing leaves the process and no span is recorded, but every request still gets a trace
 * context from the HTTP instrumentation alone (continued from an incoming `traceparent`), so
 * trace ids still reach the logs and the events' envelopes. The Nest, pg and ioredis
 * instrumentations are then not loaded: their spans would never be recorded, and wrapping every
 * handler, query and command cost a third of a health check's CPU. Metrics are Prometheus
 * (prom-client) and logs are pino, so the SDK's own metric and log exporters stay off.
 * OTEL_SDK_DISABLED=true turns tracing off entirely.
 */
export function startTracing(env: NodeJS.ProcessEnv = process.env): void {
  if (sdk || env.OTEL_SDK_DISABLED === 'true') return;
  env.OTEL_METRICS_EXPORTER ??= 'none';
  env.OTEL_LOGS_EXPORTER ??= 'none';
  const exporting = Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT);
  sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME || 'superapp-platform',
    // Not exporting: a processor that drops everything, because NodeSDK registers no tracer provider without one, and
    // the API's no-op tracer would give every new request the all-zero trace id.
    // Exporting: the SDK wraps the exporter in a batch processor configured from OTEL_BSP_* (one built here would ignore them).
    ...(exporting ? { traceExporter: new OTLPTraceExporter() } : { spanProcessors: [new tracing.NoopSpanProcessor()] }),
    // Parent-based: a caller's sampling decision travels on (in event envelopes, outgoing calls) even though nothing is recorded here.
    ...(exporting ? {} : { sampler: new tracing.ParentBasedSampler({ root: new tracing.AlwaysOffSampler() }) }),
    instrumentations: [
      new HttpInstrumentation({
        // The API's own probes go around the instrumentation altogether (untracedProbes); the metrics port's scrapes stop here.
        ignoreIncomingRequestHook: (req) => isProbe(req.url),
        // The platform's only outgoing HTTP is the runtime's proxy to mini-app backends (which makes its own span): a
        // propagated traceparent would hand our trace ids to third parties.
        ignoreOutgoingRequestHook: () => true,
      }),
      ...(exporting
        ? [
            new NestInstrumentation(),
            new PgInstrumentation({ requireParentSpan: true }),
            new IORedisInstrumentation({ requireParentSpan: true }),
          ]
        : []),
    ],
  });
  sdk.start();
}

export async function stopTracing(): Promise<void> {
  await sdk?.shutdown().catch(() => undefined);
  sdk = undefined;
}
