/** Users' ids in each mini-app: computed once, then kept. */
export abstract class PairwiseIds {
  abstract idFor(userId: string, miniAppId: string): Promise<string>;
}
