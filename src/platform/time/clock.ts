import { Injectable } from '@nestjs/common';

/**
 * The time as the modules that read it see it. Rules that depend on the time (expiries, grace
 * periods, retention) take it from here rather than from `Date.now()` or PostgreSQL's `now()`, so
 * that a test can move it instead of waiting.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
