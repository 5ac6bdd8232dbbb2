import type { NoticeKind } from '../../../../shared/contracts/runtime';
import type { OutboundFailureReason } from '../../../../platform/outbound/outbound';
import type { TargetRefusal } from '../../../../platform/outbound/outbound-target';

export type NoticeStatus = 'pending' | 'delivered' | 'failed' | 'no-endpoint';
export type NoticeOutcome = 'delivered' | 'rejected' | 'no-endpoint' | OutboundFailureReason | TargetRefusal;

export interface Notice {
  id: string;
  miniAppId: string;
  openid: string;
  kind: NoticeKind;
  occurredAt: Date;
  status: NoticeStatus;
  attempts: number;
  lastOutcome: NoticeOutcome | null;
  lastStatus: number | null;
  createdAt: Date;
  settledAt: Date | null;
}

/** Mini-apps' notice endpoints and the notices to them, with how each delivery went. */
export abstract class NoticeLog {
  abstract endpointOf(miniAppId: string): Promise<{ url: string; updatedAt: Date } | null>;
  abstract setEndpoint(miniAppId: string, url: string, at: Date): Promise<void>;
  /** False when there was none. */
  abstract removeEndpoint(miniAppId: string): Promise<boolean>;
  /** Joins the current unit of work. */
  abstract insert(notice: Omit<Notice, 'attempts' | 'lastOutcome' | 'lastStatus'>): Promise<void>;
  abstract byId(id: string): Promise<Notice | null>;
  /**
   * Logs an attempt at once, whatever the delivery's transaction does next (it rolls back when the
   * bus is to retry); `settle` ends the notice in that status.
   */
  abstract recordAttempt(
    id: string,
    attempt: { outcome: NoticeOutcome; status: number | null; at: Date },
    settle: Exclude<NoticeStatus, 'pending'> | null,
  ): Promise<void>;
  /** Deletes at most `limit` notices settled before `before`, or left pending since before `abandonedBefore`; the number deleted. */
  abstract pruneSettledBefore(before: Date, abandonedBefore: Date, limit: number): Promise<number>;
}
