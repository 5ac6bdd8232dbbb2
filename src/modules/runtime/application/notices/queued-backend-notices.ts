import { Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { BackendNoticeQueued, type NoticeKind } from '../../../../shared/contracts/runtime';
import { newId } from '../../../../shared/kernel/ids';
import { BackendNotices } from '../ports/backend-notices';
import { NoticeLog } from '../ports/notice-log';

/**
 * The notice is a row of the runtime's notice log, written in the caller's unit of work, and
 * `runtime.backend-notice-queued` (its id only) goes to the outbox with it: `DeliverNotices` sends
 * it once that commits. A mini-app without a notice endpoint gets nothing, and the row says so.
 */
@Injectable()
export class QueuedBackendNotices extends BackendNotices {
  constructor(
    private readonly log: NoticeLog,
    private readonly eventBus: EventBus,
  ) {
    super();
  }

  async queue(miniAppId: string, openid: string, kind: NoticeKind, at: Date): Promise<void> {
    const id = newId();
    const endpoint = await this.log.endpointOf(miniAppId);
    await this.log.insert({
      id,
      miniAppId,
      openid,
      kind,
      occurredAt: at,
      status: endpoint ? 'pending' : 'no-endpoint',
      createdAt: at,
      settledAt: endpoint ? null : at,
    });
    if (endpoint)
      await this.eventBus.publish(new BackendNoticeQueued({ noticeId: id, miniAppId, kind, at: at.toISOString() }));
  }
}
