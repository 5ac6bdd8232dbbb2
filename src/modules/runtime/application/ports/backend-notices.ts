import type { NoticeKind } from '../../../../shared/contracts/runtime';

/**
 * Tells a mini-app's backend something about one of its users, by pairwise id: a signed notice,
 * delivered after the caller's unit of work commits and retried until the backend takes it.
 */
export abstract class BackendNotices {
  /**
   * Records the notice in the caller's unit of work and announces it for delivery; a mini-app
   * with no notice endpoint gets it recorded as `no-endpoint`, and nothing is sent.
   */
  abstract queue(miniAppId: string, openid: string, kind: NoticeKind, at: Date): Promise<void>;
}
