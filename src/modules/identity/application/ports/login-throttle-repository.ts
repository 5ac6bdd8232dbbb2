export interface LoginThrottleState {
  consecutiveFailures: number;
  lockedUntil: Date | null;
}

export abstract class LoginThrottleRepository {
  abstract find(emailHash: string): Promise<LoginThrottleState | null>;
  /** Atomically counts one more failure and returns the new count. */
  abstract recordFailure(emailHash: string): Promise<number>;
  abstract lock(emailHash: string, until: Date): Promise<void>;
  abstract clear(emailHash: string): Promise<void>;
}
