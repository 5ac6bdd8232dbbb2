import type { TargetRefusal } from '../../../../platform/outbound/outbound-target';

export type NotificationStatus = 'pending' | 'delivered' | 'failed' | 'endpoint-disabled';
export type AttemptOutcome =
  | 'delivered'
  | 'rejected'
  | 'gone'
  | 'timeout'
  | 'unreachable'
  | 'address-not-public'
  | 'response-too-large'
  | 'endpoint-disabled'
  | 'mini-app-taken-down'
  | TargetRefusal;

export interface Notification {
  id: string;
  orderId: string;
  miniAppId: string;
  sequence: number;
  type: string;
  payload: unknown;
  url: string;
  status: NotificationStatus;
  attempts: number;
  /** The bus's deliveries among the attempts; a merchant's resends are not counted, so they never shorten the retries. */
  deliveryAttempts: number;
  createdAt: Date;
  settledAt: Date | null;
}

export interface Attempt {
  trigger: 'delivery' | 'resend';
  outcome: AttemptOutcome;
  status: number | null;
  durationMs: number;
  error: string | null;
  at: Date;
}

/**
 * Notifications and their attempts. Attempts and settlements are written on their own, committed
 * at once (autonomous writes): a delivery that fails rolls its transaction back for the bus to
 * retry, and the attempt must stay on record all the same.
 */
export abstract class NotificationLog {
  abstract find(notificationId: string): Promise<Notification | null>;
  abstract findBySequence(orderId: string, sequence: number): Promise<Notification | null>;
  abstract listForOrder(orderId: string): Promise<Array<Notification & { attemptLog: Attempt[] }>>;
  abstract recordAttempt(notificationId: string, attempt: Attempt, settle: NotificationStatus | null): Promise<void>;
  abstract isDisabled(miniAppId: string, url: string): Promise<boolean>;
  abstract setDisabled(miniAppId: string, url: string, disabled: boolean, at: Date): Promise<void>;
  /** Deletes notifications settled before `cutoff`, with their attempts; returns how many notifications. */
  abstract pruneSettledBefore(cutoff: Date, limit: number): Promise<number>;
}
