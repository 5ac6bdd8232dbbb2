/**
 * The platform's Ed25519 key for what mini-app backends verify without calling us: launchData
 * and the token on every proxied request, both compact JWS (EdDSA), told apart by `typ`.
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
  abstract jwks(): { keys: Array<Record<string, string>> };
}
