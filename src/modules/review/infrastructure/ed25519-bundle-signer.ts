import { createPublicKey, type KeyObject, sign } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { devKey } from '../../../platform/auth/dev-key-file';
import { parseEd25519Key } from '../../../platform/auth/key-material';
import { APP_CONFIG, type PlatformConfig } from '../../../platform/config/app-config';
import { BundleSigner } from '../application/ports/bundle-signer';

/**
 * The platform's Ed25519 key for bundles: REVIEW_SIGNING_KEY (PKCS#8 PEM), which every instance of
 * a fleet must share and production must set; otherwise (development) one generated into DATA_DIR
 * on first start.
 */
@Injectable()
export class Ed25519BundleSigner extends BundleSigner {
  private readonly privateKey: KeyObject;
  private readonly jwk: Record<string, string>;

  constructor(@Inject(APP_CONFIG) config: PlatformConfig) {
    super();
    // Checked at start (loadConfig): production has one; development uses the key generated into DATA_DIR.
    this.privateKey = parseEd25519Key(config.REVIEW_SIGNING_KEY ?? devKey(config.DATA_DIR, 'REVIEW_SIGNING_KEY'));
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
