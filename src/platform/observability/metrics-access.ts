import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ProblemError } from '../../shared/kernel/problem';
import { APP_CONFIG, type PlatformConfig } from '../config/app-config';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Who may read the metrics, and where: on a port of their own (`METRICS_PORT`, production's
 * default), and behind a bearer token when `METRICS_TOKEN` is set. Metrics describe the platform's
 * traffic and its customers' activity; they are an operator's, not the public's.
 */
@Injectable()
export class MetricsAccess {
  private readonly token: Buffer | null;

  constructor(@Inject(APP_CONFIG) private readonly config: PlatformConfig) {
    this.token = config.METRICS_TOKEN ? digest(config.METRICS_TOKEN) : null;
  }

  /** The port metrics have to themselves, or undefined when the API's port serves them. */
  get ownPort(): number | undefined {
    return this.config.METRICS_PORT;
  }

  /** Why this caller may not read the metrics (401 with a challenge), or null when it may. */
  refusal(authorization: string | undefined): ProblemError | null {
    if (!this.token) return null;
    const [scheme, credentials] = (authorization ?? '').split(' ', 2);
    // Digests of equal length, compared in constant time: neither the token nor its length leaks through timing.
    if (scheme?.toLowerCase() === 'bearer' && credentials && timingSafeEqual(digest(credentials), this.token))
      return null;
    return new ProblemError(
      401,
      'unauthorized',
      'Unauthorized',
      'The metrics need the bearer token set in METRICS_TOKEN.',
      undefined,
      {
        'www-authenticate': 'Bearer realm="metrics"',
      },
    );
  }
}
