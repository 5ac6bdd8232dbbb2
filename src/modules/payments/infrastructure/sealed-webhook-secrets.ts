import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Webhook } from 'standardwebhooks';
import { devKey } from '../../../platform/auth/dev-key-file';
import { parseSecretKey } from '../../../platform/auth/key-material';
import { APP_CONFIG, type PlatformConfig } from '../../../platform/config/app-config';
import { WebhookSecrets } from '../application/ports/webhook-secrets';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Webhook secrets are HMAC keys the platform signs with, so it must be able to read them: they are
 * kept sealed with AES-256-GCM under PAYMENTS_SECRET_KEY (node:crypto; a leaked table alone forges
 * nothing). Signing is the `standardwebhooks` library's, the one merchants verify with.
 */
@Injectable()
export class SealedWebhookSecrets extends WebhookSecrets {
  private readonly key: Buffer;

  constructor(@Inject(APP_CONFIG) config: PlatformConfig) {
    super();
    this.key = parseSecretKey(config.PAYMENTS_SECRET_KEY ?? devKey(config.DATA_DIR, 'PAYMENTS_SECRET_KEY')).subarray(
      0,
      32,
    );
  }

  create(): { secret: string; sealed: Buffer } {
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const sealed = Buffer.concat([iv, cipher.update(secret, 'utf8'), cipher.final()]);
    return { secret, sealed: Buffer.concat([sealed, cipher.getAuthTag()]) };
  }

  sign(sealedSecrets: readonly Buffer[], messageId: string, timestamp: Date, body: string): string {
    return sealedSecrets.map((sealed) => new Webhook(this.open(sealed)).sign(messageId, timestamp, body)).join(' ');
  }

  private open(sealed: Buffer): string {
    const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(0, IV_BYTES));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    return Buffer.concat([
      decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  }
}
