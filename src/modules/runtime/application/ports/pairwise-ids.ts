/** Users' ids in each mini-app: computed once, then kept. */
export abstract class PairwiseIds {
  abstract idFor(userId: string, miniAppId: string): Promise<string>;
  /** The user a mini-app knows by this id, if any: only ids the platform gave that mini-app resolve. */
  abstract userOf(openid: string, miniAppId: string): Promise<string | null>;
}
