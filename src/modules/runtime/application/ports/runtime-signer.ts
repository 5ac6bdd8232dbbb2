/** What a notice to a mini-app's backend says. */
export interface NoticeClaims {
  miniApp: string;
  openid: string;
  event: string;
  noticeId: string;
  occurredAt: Date;
  issuedAt: Date;
}

/**
 * The platform's Ed25519 key for what mini-app backends verify without calling us: launchData
 * the token on every proxied request and notices to its backend, all compact JWS (EdDSA), told
 * apart by `typ`.
 */
export abstract class RuntimeSigner {
  /** `typ: superapp-launch+jwt`: this pairwise user opened the mini-app at `launchedAt`. */
  abstract launchData(claims: { miniApp: string; openid: string; launchedAt: Date; expiresAt: Date }): Promise<string>;
  /** `typ: superapp-request+jwt`: this request (method, URL, body digest) comes from the platform for this pairwise user. */
  abstract requestToken(claims: {
    miniApp: string;
    openid: string;
    method: string;
    url: string;
    bodySha256: string;
    issuedAt: Date;
  }): Promise<string>;
  /**
   * `typ: superapp-notice+jwt`: the platform tells the mini-app's backend something about this
   * pairwise user (`event`, which happened at `occurredAt`); `jti` is the notice's id, the same on
   * every attempt, so a backend acts on it once.
   */
  abstract notice(claims: NoticeClaims): Promise<string>;
  abstract jwks(): { keys: Array<Record<string, string>> };
}
