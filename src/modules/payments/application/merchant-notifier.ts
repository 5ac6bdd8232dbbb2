import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type PlatformConfig } from '../../../platform/config/app-config';
import { Outbound, OutboundFailure } from '../../../platform/outbound/outbound';
import { checkTarget } from '../../../platform/outbound/outbound-target';
import { Clock } from '../../../platform/time/clock';
import { MerchantDirectory } from './ports/merchant-directory';
import {
  type Attempt,
  type AttemptOutcome,
  type Notification,
  NotificationLog,
  type NotificationStatus,
} from './ports/notification-log';
import { PaymentsMetrics } from './ports/payments-metrics';
import { WebhookSecrets } from './ports/webhook-secrets';

/** A merchant's answer is not read, only its status: a little of it is allowed, nothing more. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/** Outcomes another attempt may change; the rest settle the notification (a later resend still may try). */
const RETRIED: ReadonlySet<AttemptOutcome> = new Set([
  'rejected',
  'timeout',
  'unreachable',
  'address-not-public',
  'response-too-large',
]);

/** Whether the bus should try this notification again (given attempts are left). */
export const worthRetrying = (outcome: AttemptOutcome): boolean => RETRIED.has(outcome);

/**
 * One attempt to deliver a notification: signed Standard Webhooks headers, POSTed through the
 * platform's SSRF-guarded outbound (no redirect followed), the attempt logged whatever happens.
 * 2xx delivers it; 410 disables the endpoint (nothing more is sent to that URL until a resend
 * gets through); a URL the mini-app's live manifest no longer declares fails it without a request
 * (the domain may have changed hands), and so does a mini-app review took down (until it is
 * published again: a resend then goes); anything else is for the caller to retry.
 */
@Injectable()
export class MerchantNotifier {
  constructor(
    private readonly log: NotificationLog,
    private readonly directory: MerchantDirectory,
    private readonly secrets: WebhookSecrets,
    private readonly outbound: Outbound,
    private readonly metrics: PaymentsMetrics,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
  ) {}

  /** `lastChance`: a failure settles the notification as failed (no retry will follow). */
  async attempt(notification: Notification, trigger: Attempt['trigger'], lastChance = false): Promise<Attempt> {
    const merchant = await this.directory.byId(notification.miniAppId);
    const target = checkTarget(notification.url, merchant?.domains ?? [], this.config.OUTBOUND_ALLOW_LOOPBACK);
    if (merchant?.live === false)
      return this.refuse(notification, trigger, 'mini-app-taken-down', 'review took the mini-app down');
    if ('refusal' in target)
      return this.refuse(
        notification,
        trigger,
        target.refusal,
        "the notifyUrl is not on a domain the mini-app's live manifest declares",
      );
    const stored = await this.directory.secretOf(notification.miniAppId);
    if (!stored) throw new Error(`mini-app ${notification.miniAppId} has no webhook secret`);
    const at = this.clock.now();
    const previousValid = stored.previous && stored.previousValidUntil && stored.previousValidUntil > at;
    const body = JSON.stringify(notification.payload);
    // The receiver checks webhook-timestamp against its own clock (replay protection): it is the wall clock's, not the
    // platform Clock's; one reading for the header and the signature, which covers it.
    const signedAt = new Date();
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'superapp-webhooks/1',
      'webhook-id': notification.id,
      'webhook-timestamp': String(Math.floor(signedAt.getTime() / 1000)),
      'webhook-signature': this.secrets.sign(
        previousValid ? [stored.current, stored.previous!] : [stored.current],
        notification.id,
        signedAt,
        body,
      ),
    };
    const started = performance.now();
    let outcome: AttemptOutcome;
    let status: number | null = null;
    let error: string | null = null;
    try {
      const response = await this.outbound.send(
        { url: target.url, method: 'POST', headers, body: Buffer.from(body) },
        { timeoutMs: this.config.PAYMENTS_NOTIFY_TIMEOUT_MS, maxResponseBytes: MAX_RESPONSE_BYTES },
      );
      status = response.status;
      outcome = status >= 200 && status < 300 ? 'delivered' : status === 410 ? 'gone' : 'rejected';
      if (outcome === 'rejected') error = `answered ${status}`;
    } catch (failure) {
      if (!(failure instanceof OutboundFailure)) throw failure;
      outcome = failure.reason;
      error = failure.reason;
    }
    const attempt: Attempt = {
      trigger,
      outcome,
      status,
      durationMs: Math.round(performance.now() - started),
      error,
      at,
    };
    await this.settle(notification, attempt, lastChance);
    return attempt;
  }

  /** Nothing is sent: a pending notification fails (its retries would be refused alike); a settled one keeps its status. */
  private async refuse(
    notification: Notification,
    trigger: Attempt['trigger'],
    outcome: AttemptOutcome,
    error: string,
  ): Promise<Attempt> {
    const refused: Attempt = { trigger, outcome, status: null, durationMs: 0, error, at: this.clock.now() };
    await this.settle(notification, refused, notification.status === 'pending');
    return refused;
  }

  private async settle(notification: Notification, attempt: Attempt, lastChance: boolean): Promise<void> {
    const settles: NotificationStatus | null =
      attempt.outcome === 'delivered'
        ? 'delivered'
        : attempt.outcome === 'gone'
          ? 'endpoint-disabled'
          : lastChance
            ? 'failed'
            : null;
    await this.log.recordAttempt(notification.id, attempt, settles);
    if (attempt.outcome === 'gone')
      await this.log.setDisabled(notification.miniAppId, notification.url, true, attempt.at);
    if (attempt.outcome === 'delivered' && attempt.trigger === 'resend')
      await this.log.setDisabled(notification.miniAppId, notification.url, false, attempt.at);
    this.metrics.notificationAttempt(attempt.outcome);
    if (attempt.outcome === 'delivered' && notification.status === 'pending')
      this.metrics.notificationDelivered((attempt.at.getTime() - notification.createdAt.getTime()) / 1000);
  }
}
