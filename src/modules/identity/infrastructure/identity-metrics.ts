import { Injectable } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';

/** The signup funnel and login outcomes, for dashboards. */
@Injectable()
export class IdentityMetrics {
  readonly signupStarted: Counter;
  readonly signupCompleted: Counter;
  readonly signupRejected: Counter<'reason'>;
  readonly logins: Counter<'outcome'>;

  constructor(registry: Registry) {
    this.signupStarted = new Counter({ name: 'user_signup_started_total', help: 'Registrations that passed input validation', registers: [registry] });
    this.signupCompleted = new Counter({ name: 'user_signup_completed_total', help: 'Registrations committed', registers: [registry] });
    this.signupRejected = new Counter({
      name: 'user_signup_rejected_total',
      help: 'Registrations refused, by reason',
      labelNames: ['reason'],
      registers: [registry],
    });
    this.logins = new Counter({ name: 'user_logins_total', help: 'Login attempts by outcome', labelNames: ['outcome'], registers: [registry] });
  }
}
