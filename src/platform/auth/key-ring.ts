import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, type JWK } from 'jose';
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
    const signingKey = createPrivateKey(config.JWT_PRIVATE_KEY?.replace(/\\n/g, '\n') ?? devKeyPem(config.DATA_DIR));
    const publicKey = createPublicKey(signingKey);
    const jwk = await exportJWK(publicKey);
    const kid = config.JWT_KEY_ID ?? (await calculateJwkThumbprint(jwk));
    const byKid = new Map<string, VerificationKey>([[kid, { kid, key: publicKey, jwk: { ...jwk, kid, alg: TOKEN_ALGORITHM, use: 'sig' } }]]);
    for (const previous of parsePrevious(config.JWT_PREVIOUS_PUBLIC_KEYS)) byKid.set(previous.kid, previous);
    return new KeyRing(signingKey, kid, byKid);
  }

  verificationKey(kid: string | undefined): KeyObject | undefined {
    return kid ? this.byKid.get(kid)?.key : undefined;
  }

  jwks(): { keys: JWK[] } {
    return { keys: [...this.byKid.values()].map((k) => k.jwk) };
  }
}

function devKeyPem(dataDir: string): string {
  const dir = join(dataDir, 'keys');
  const file = join(dir, 'jwt-es256-private.pem');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
  }
  return readFileSync(file, 'utf8');
}

function parsePrevious(jwks: string | undefined): VerificationKey[] {
  if (!jwks) return [];
  const parsed = JSON.parse(jwks) as { keys?: JWK[] };
  return (parsed.keys ?? []).map((jwk) => {
    if (!jwk.kid) throw new Error('JWT_PREVIOUS_PUBLIC_KEYS: every key needs a kid');
    return { kid: jwk.kid, key: createPublicKey({ key: jwk as never, format: 'jwk' }), jwk };
  });
}
