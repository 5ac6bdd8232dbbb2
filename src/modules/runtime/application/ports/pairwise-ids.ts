/** Users' ids in each mini-app: computed once, then kept. */
export abstract class PairwiseIds {
  abstract idFor(userId: string, miniAppId: string): Promise<string>;
  /** The user whose id in this mini-app `openid` is; null when no such id was ever computed. */
  abstract userOf(miniAppId: string, openid: string): Promise<string | null>;
}
