export interface IssuedCode {
  codeHash: string;
  launchId: string;
  miniAppId: string;
  userId: string;
  expiresAt: Date;
}

export abstract class LoginCodes {
  abstract insert(code: IssuedCode): Promise<void>;
  /** Marks the code used, if it is this mini-app's, unused and not expired at `now`; its user, else null. */
  abstract redeem(codeHash: string, miniAppId: string, now: Date): Promise<{ userId: string } | null>;
  abstract pruneExpiredBefore(before: Date, limit: number): Promise<number>;
}
