/** A user's opening of a mini-app, pinned to the version and bundle that were live then. */
export interface Launch {
  id: string;
  userId: string;
  miniAppId: string;
  version: string;
  bundleDigest: string;
  launchedAt: Date;
  expiresAt: Date;
}

/** A launch answers SDK calls until it expires (and while its mini-app stays live). */
export const isOpen = (launch: Launch, now: Date): boolean => now.getTime() < launch.expiresAt.getTime();
