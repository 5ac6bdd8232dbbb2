/**
 * Asked by a module that serves mini-app backends (payments' orders): which platform user is this
 * pairwise id in this mini-app? Null unless the user has opened the mini-app (the runtime computed
 * the id then). The answer never leaves the platform: a mini-app only ever sees the openid.
 */
export class ResolveOpenid {
  /** Only for the compiler: what `QueryBus.execute` resolves to. */
  declare readonly __result?: { userId: string } | null;

  constructor(
    readonly miniAppId: string,
    readonly openid: string,
  ) {}
}
