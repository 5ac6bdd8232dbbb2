import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry } from 'prom-client';
import { SignupFunnel } from '../../../platform/observability/signup-funnel';
import type { NetworkOutcome } from '../application/ports/access-log';
import { RuntimeMetrics } from '../application/ports/runtime-metrics';

@Injectable()
export class PrometheusRuntimeMetrics extends RuntimeMetrics {
  private readonly launches: Counter<'mini_app'>;
  private readonly loadTimes: Histogram<'mini_app'>;
  private readonly proxyCalls: Counter<'mini_app' | 'outcome'>;

  constructor(
    registry: Registry,
    private readonly funnel: SignupFunnel,
  ) {
    super();
    const registers = [registry];
    this.launches = new Counter({
      name: 'mini_app_launches_total',
      help: 'Launches of mini-apps',
      labelNames: ['mini_app'],
      registers,
    });
    this.loadTimes = new Histogram({
      name: 'mini_app_load_time_seconds',
      help: 'Time a mini-app took to become usable, as it reported (once per launch)',
      labelNames: ['mini_app'],
      buckets: [0.1, 0.25, 0.5, 1, 2, 3, 5, 8, 13, 30],
      registers,
    });
    this.proxyCalls = new Counter({
      name: 'mini_app_proxy_requests_total',
      help: 'Requests mini-apps made through the network proxy, by outcome',
      labelNames: ['mini_app', 'outcome'],
      registers,
    });
  }

  launched(miniApp: string, firstOfUser: boolean): void {
    this.launches.inc({ mini_app: miniApp });
    if (firstOfUser) this.funnel.reached('first_mini_app_opened');
  }
  loadTime(miniApp: string, seconds: number): void {
    this.loadTimes.observe({ mini_app: miniApp }, seconds);
  }
  proxied(miniApp: string, outcome: NetworkOutcome): void {
    this.proxyCalls.inc({ mini_app: miniApp, outcome });
  }
}
