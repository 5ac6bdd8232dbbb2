/** Users' ids in each mini-app: computed once, then kept. */
export abstract class PairwiseIds {
  abstract idFor(userId: string, miniAppId: string): Promise<string>;
  /** The user whose id in this mini-app `openid` is; null when no such id was ever computed. */
  abstract userOf(miniAppId: string, openid: string): Promise<string | null>;
  /**
   * Forgets the user's id in this mini-app, and makes the next one different: the forgotten id,
   * or null when none was computed.
   */
  abstract forget(userId: string, miniAppId: string): Promise<string | null>;
}
