import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { DeploymentMode } from '../instance/deployment-mode';

/**
 * One Prometheus registry for the process. Modules add their business metrics to it
 * (e.g. `new Counter({ ..., registers: [registry] })`) through the injected `Registry`.
 */
export function createMetricsRegistry(mode: DeploymentMode): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: 'platform_deployment_mode',
    help: 'The mode this instance runs in (1): single-instance (no Redis) or multi-instance',
    labelNames: ['mode'],
    registers: [registry],
  }).set({ mode }, 1);
  return registry;
}

export function httpDurationHistogram(registry: Registry): Histogram<'method' | 'route' | 'status_code'> {
  return new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route template and status',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
}

/** The Prometheus text exposition format. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
