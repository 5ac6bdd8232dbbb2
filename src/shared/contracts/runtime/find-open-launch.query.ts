/** A launch that is the user's, not expired, of a mini-app that is still live. */
export interface OpenLaunchView {
  launchId: string;
  miniAppId: string;
  slug: string;
}

/**
 * Asked by a module whose user routes act for a mini-app the user is running (payments' checkout):
 * is this launch the caller's and still open, and of which mini-app? Null for anything else.
 */
export class FindOpenLaunch {
  /** Only for the compiler: what `QueryBus.execute` resolves to. */
  declare readonly __result?: OpenLaunchView | null;

  constructor(
    readonly userId: string,
    readonly launchId: string,
  ) {}
}
