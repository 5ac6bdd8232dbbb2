import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

export interface PublicVerificationKey {
  kid: string;
  key: KeyObject;
}

/** A PKCS#8 PEM holding a P-256 private key (ES256); `\n` escapes from env files are accepted. */
export function parseSigningKey(pem: string): KeyObject {
  const key = parsePrivateKey(pem);
  assertP256(key);
  return key;
}

/** An Ed25519 private key (PKCS#8 PEM, `\n` escapes allowed), e.g. the one that signs published bundles. */
export function parseEd25519Key(pem: string): KeyObject {
  const key = parsePrivateKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('must be an Ed25519 private key (PKCS#8 PEM)');
  return key;
}

/** A secret key given as base64 (e.g. `openssl rand -base64 32`): at least 256 bits. */
export function parseSecretKey(base64: string): Buffer {
  const key = Buffer.from(base64.trim(), 'base64');
  if (key.length < 32 || key.toString('base64').replace(/=+$/, '') !== base64.trim().replace(/=+$/, ''))
    throw new Error('must be at least 32 random bytes in base64 (openssl rand -base64 32)');
  return key;
}

function parsePrivateKey(pem: string): KeyObject {
  try {
    return createPrivateKey(pem.replace(/\\n/g, '\n'));
  } catch {
    throw new Error('is not a PEM private key');
  }
}

/** A JWKS of retired public keys; only their public part is ever kept, whatever was pasted. */
export function parsePreviousKeys(jwks: string): PublicVerificationKey[] {
  let parsed: { keys?: unknown };
  try {
    parsed = JSON.parse(jwks) as { keys?: unknown };
  } catch {
    throw new Error('is not JSON (expected a JWKS: {"keys": [...]})');
  }
  if (!Array.isArray(parsed.keys)) throw new Error('has no "keys" array');
  const seen = new Set<string>();
  return parsed.keys.map((jwk: { kid?: unknown }) => {
    if (typeof jwk.kid !== 'string' || !jwk.kid) throw new Error('has a key without a kid');
    if (seen.has(jwk.kid)) throw new Error(`has the kid "${jwk.kid}" twice`);
    seen.add(jwk.kid);
    let key: KeyObject;
    try {
      key = createPublicKey({ key: jwk, format: 'jwk' });
    } catch {
      throw new Error(`has a key "${jwk.kid}" that is not a valid JWK`);
    }
    assertP256(key);
    return { kid: jwk.kid, key };
  });
}

function assertP256(key: KeyObject): void {
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error('must be an EC P-256 key (ES256)');
  }
}
