/** Signs published bundles so a client can check that what it runs is what review approved. */
export abstract class BundleSigner {
  /** Ed25519 signature of the 32 bytes of a SHA-256 digest (given in hex), base64url. */
  abstract sign(digestHex: string): string;
  /** The public key, as a JWK (OKP, Ed25519), for clients to verify with. */
  abstract publicJwk(): Record<string, string>;
}
