import { Injectable } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';

/** In order: a person opens the shell, registers, signs in, opens a first mini-app. */
export const SIGNUP_FUNNEL_STEPS = ['shell_opened', 'registered', 'signed_in', 'first_mini_app_opened'] as const;
export type SignupFunnelStep = (typeof SIGNUP_FUNNEL_STEPS)[number];

/**
 * `user_signup_funnel_total{step}`: each step counted once per person (per browser for
 * `shell_opened`), so step N / step N-1 is the completion rate of that step. Shared by the
 * modules whose events are steps; the label is one of four names, never anything of the person.
 */
@Injectable()
export class SignupFunnel {
  private readonly steps: Counter<'step'>;

  constructor(registry: Registry) {
    this.steps = new Counter({
      name: 'user_signup_funnel_total',
      help: 'People reaching each step of the signup funnel, once per person',
      labelNames: ['step'],
      registers: [registry],
    });
    for (const step of SIGNUP_FUNNEL_STEPS) this.steps.inc({ step }, 0);
  }

  reached(step: SignupFunnelStep): void {
    this.steps.inc({ step });
  }
}
