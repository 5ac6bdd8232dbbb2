import { createPublicKey, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, type JWK } from 'jose';
import { devKey } from './dev-key-file';
import { parsePreviousKeys, parseSigningKey } from './key-material';
import type { PlatformConfig } from '../config/app-config';

export const TOKEN_ALGORITHM = 'ES256';

export interface VerificationKey {
  kid: string;
  key: KeyObject;
  jwk: JWK;
}

/**
 * The keys that sign and verify access tokens. Asymmetric (ES256), so an extracted service
 * verifies with the public JWKS and never holds a secret. Production passes the private key
 * in JWT_PRIVATE_KEY (PKCS#8 PEM); development generates one into DATA_DIR on first start.
 * JWT_PREVIOUS_PUBLIC_KEYS (a JWKS) keeps retired keys verifying during a rotation.
 */
export class KeyRing {
  private constructor(
    readonly signingKey: KeyObject,
    readonly signingKid: string,
    private readonly byKid: Map<string, VerificationKey>,
  ) {}

  static async load(config: PlatformConfig): Promise<KeyRing> {
    const signingKey = parseSigningKey(config.JWT_PRIVATE_KEY ?? devKey(config.DATA_DIR, 'JWT_PRIVATE_KEY'));
    const publicKey = createPublicKey(signingKey);
    const kid = config.JWT_KEY_ID ?? (await calculateJwkThumbprint(await exportJWK(publicKey)));
    const byKid = new Map<string, VerificationKey>([[kid, await verificationKey(kid, publicKey)]]);
    for (const previous of config.JWT_PREVIOUS_PUBLIC_KEYS ? parsePreviousKeys(config.JWT_PREVIOUS_PUBLIC_KEYS) : []) {
      if (byKid.has(previous.kid))
        throw new Error(`JWT_PREVIOUS_PUBLIC_KEYS: kid "${previous.kid}" is the current key's`);
      byKid.set(previous.kid, await verificationKey(previous.kid, previous.key));
    }
    return new KeyRing(signingKey, kid, byKid);
  }

  verificationKey(kid: string | undefined): KeyObject | undefined {
    return kid ? this.byKid.get(kid)?.key : undefined;
  }

  jwks(): { keys: JWK[] } {
    return { keys: [...this.byKid.values()].map((k) => k.jwk) };
  }
}

/** The published form of a key: rebuilt from the public key, so nothing private can ever leak into the JWKS. */
async function verificationKey(kid: string, key: KeyObject): Promise<VerificationKey> {
  const { kty, crv, x, y } = await exportJWK(key);
  return { kid, key, jwk: { kty, crv, x, y, kid, alg: TOKEN_ALGORITHM, use: 'sig' } };
}
