export type SignupRejection = 'weak-password' | 'email-taken';
export type LoginOutcome = 'succeeded' | 'failed' | 'locked';

/** What identity reports to dashboards: the signup funnel and login outcomes. */
export abstract class IdentityMetrics {
  abstract signupStarted(): void;
  abstract signupCompleted(): void;
  abstract signupRejected(reason: SignupRejection): void;
  abstract login(outcome: LoginOutcome): void;
  abstract firstSignIn(): void;
}
