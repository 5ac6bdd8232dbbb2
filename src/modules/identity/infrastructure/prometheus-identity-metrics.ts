import { Injectable } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';
import { SignupFunnel } from '../../../platform/observability/signup-funnel';
import { IdentityMetrics, type LoginOutcome, type SignupRejection } from '../application/ports/identity-metrics';

@Injectable()
export class PrometheusIdentityMetrics extends IdentityMetrics {
  private readonly started: Counter;
  private readonly completed: Counter;
  private readonly rejected: Counter<'reason'>;
  private readonly logins: Counter<'outcome'>;

  constructor(
    registry: Registry,
    private readonly funnel: SignupFunnel,
  ) {
    super();
    const registers = [registry];
    this.started = new Counter({
      name: 'user_signup_started_total',
      help: 'Registrations that passed input validation',
      registers,
    });
    this.completed = new Counter({ name: 'user_signup_completed_total', help: 'Registrations committed', registers });
    this.rejected = new Counter({
      name: 'user_signup_rejected_total',
      help: 'Registrations refused, by reason',
      labelNames: ['reason'],
      registers,
    });
    this.logins = new Counter({
      name: 'user_logins_total',
      help: 'Login attempts by outcome',
      labelNames: ['outcome'],
      registers,
    });
  }

  signupStarted(): void {
    this.started.inc();
  }
  signupCompleted(): void {
    this.completed.inc();
    this.funnel.reached('registered');
  }
  signupRejected(reason: SignupRejection): void {
    this.rejected.inc({ reason });
  }
  login(outcome: LoginOutcome): void {
    this.logins.inc({ outcome });
  }
  firstSignIn(): void {
    this.funnel.reached('signed_in');
  }
}
