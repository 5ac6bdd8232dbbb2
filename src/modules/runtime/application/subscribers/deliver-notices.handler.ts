import { Inject } from '@nestjs/common';
import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { APP_CONFIG, type PlatformConfig } from '../../../../platform/config/app-config';
import { Subscriber } from '../../../../platform/messaging/decorators';
import { Outbound, OutboundFailure } from '../../../../platform/outbound/outbound';
import { checkTarget } from '../../../../platform/outbound/outbound-target';
import { Clock } from '../../../../platform/time/clock';
import { BackendNoticeQueued } from '../../../../shared/contracts/runtime';
import { MiniAppDirectory } from '../ports/mini-app-directory';
import { type Notice, NoticeLog, type NoticeOutcome, type NoticeStatus } from '../ports/notice-log';
import { RuntimeSigner } from '../ports/runtime-signer';

/** A backend's answer is not read, only its status. */
const MAX_RESPONSE_BYTES = 16 * 1024;

/** Outcomes another attempt may change; the others settle the notice as failed at once. */
const RETRIED: ReadonlySet<NoticeOutcome> = new Set([
  'rejected',
  'timeout',
  'unreachable',
  'address-not-public',
  'response-too-large',
]);

/**
 * Delivers each notice to its mini-app's notice endpoint: a compact JWS (`superapp-notice+jwt`,
 * the runtime's Ed25519 key, the JWKS backends verify launchData with) POSTed as
 * `application/jwt` through the SSRF-guarded outbound, no redirect followed. 2xx delivers it; the
 * bus retries anything else under the RUNTIME_NOTICE_* schedule (about three days), and the last
 * attempt that fails settles it as failed. An endpoint removed since, or no longer on a domain the
 * live manifest declares (or a mini-app no longer live), settles it without a request.
 */
@EventsHandler(BackendNoticeQueued)
@Subscriber({
  id: 'runtime.deliver-notices',
  retry: (config) => ({
    maxAttempts: config.RUNTIME_NOTICE_MAX_ATTEMPTS,
    baseDelayMs: config.RUNTIME_NOTICE_BACKOFF_BASE_MS,
    maxDelayMs: config.RUNTIME_NOTICE_BACKOFF_MAX_MS,
  }),
})
export class DeliverNotices implements IEventHandler<BackendNoticeQueued> {
  constructor(
    private readonly log: NoticeLog,
    private readonly directory: MiniAppDirectory,
    private readonly signer: RuntimeSigner,
    private readonly outbound: Outbound,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
  ) {}

  async handle({ payload }: BackendNoticeQueued): Promise<void> {
    const notice = await this.log.byId(payload.noticeId);
    // Settled already (delivered by an earlier run whose transaction rolled back with a neighbour's), or swept.
    if (notice?.status !== 'pending') return;
    const lastChance = notice.attempts + 1 >= this.config.RUNTIME_NOTICE_MAX_ATTEMPTS;
    const outcome = await this.attempt(notice, lastChance);
    if (RETRIED.has(outcome) && !lastChance)
      throw new Error(`the backend of mini-app ${notice.miniAppId} did not take notice ${notice.id}: ${outcome}`);
  }

  private async attempt(notice: Notice, lastChance: boolean): Promise<NoticeOutcome> {
    const at = this.clock.now();
    const settle = (outcome: NoticeOutcome, status: number | null, settles: Exclude<NoticeStatus, 'pending'> | null) =>
      this.log.recordAttempt(notice.id, { outcome, status, at }, settles).then(() => outcome);
    const endpoint = await this.log.endpointOf(notice.miniAppId);
    if (!endpoint) return settle('no-endpoint', null, 'no-endpoint');
    const app = (await this.directory.byId(notice.miniAppId))?.live;
    const target = checkTarget(endpoint.url, app?.domains ?? [], this.config.OUTBOUND_ALLOW_LOOPBACK);
    if (!app || 'refusal' in target)
      return settle('refusal' in target ? target.refusal : 'domain-not-declared', null, 'failed');
    const token = await this.signer.notice({
      miniApp: app.slug,
      openid: notice.openid,
      event: notice.kind,
      noticeId: notice.id,
      occurredAt: notice.occurredAt,
      // The backend checks iat and exp against its own clock: the wall clock's, not the platform Clock's.
      issuedAt: new Date(),
    });
    try {
      const response = await this.outbound.send(
        {
          url: target.url,
          method: 'POST',
          headers: { 'content-type': 'application/jwt', 'user-agent': 'superapp-notices/1' },
          body: Buffer.from(token),
        },
        { timeoutMs: this.config.RUNTIME_NOTICE_TIMEOUT_MS, maxResponseBytes: MAX_RESPONSE_BYTES },
      );
      const delivered = response.status >= 200 && response.status < 300;
      return settle(
        delivered ? 'delivered' : 'rejected',
        response.status,
        delivered ? 'delivered' : lastChance ? 'failed' : null,
      );
    } catch (failure) {
      if (!(failure instanceof OutboundFailure)) throw failure;
      return settle(failure.reason, null, lastChance ? 'failed' : null);
    }
  }
}
