import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type PlatformConfig } from '../../../platform/config/app-config';
import { BundleSigner } from '../application/ports/bundle-signer';

/**
 * The platform's Ed25519 key for bundles: REVIEW_SIGNING_KEY (PKCS#8 PEM) when set, which every
 * instance of a fleet must share; otherwise one generated into DATA_DIR on first start (a single
 * instance, development).
 */
@Injectable()
export class Ed25519BundleSigner extends BundleSigner {
  private readonly privateKey: KeyObject;
  private readonly jwk: Record<string, string>;

  constructor(@Inject(APP_CONFIG) config: PlatformConfig) {
    super();
    if (!config.REVIEW_SIGNING_KEY && config.NODE_ENV === 'production') {
      new Logger('Review').warn('REVIEW_SIGNING_KEY is not set: bundles are signed with a key generated for this instance only');
    }
    this.privateKey = createPrivateKey(config.REVIEW_SIGNING_KEY ?? devKeyPem(config.DATA_DIR));
    if (this.privateKey.asymmetricKeyType !== 'ed25519') throw new Error('REVIEW_SIGNING_KEY: must be an Ed25519 private key (PKCS#8 PEM)');
    const { kty, crv, x } = createPublicKey(this.privateKey).export({ format: 'jwk' }) as Record<string, string>;
    this.jwk = { kty, crv, x, use: 'sig', alg: 'EdDSA' };
  }

  sign(digestHex: string): string {
    return sign(null, Buffer.from(digestHex, 'hex'), this.privateKey).toString('base64url');
  }

  publicJwk(): Record<string, string> {
    return { ...this.jwk };
  }
}

function devKeyPem(dataDir: string): string {
  const dir = join(dataDir, 'keys');
  const file = join(dir, 'review-ed25519-private.pem');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('ed25519');
    try {
      writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
      chmodSync(file, 0o600);
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error; // another process wrote it first: use theirs
    }
  }
  return readFileSync(file, 'utf8');
}
