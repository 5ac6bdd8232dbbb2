/** Per-mini-app webhook signing secrets (Standard Webhooks `whsec_…`): made, sealed for storage, and used to sign. */
export abstract class WebhookSecrets {
  /** A fresh secret, and its sealed form to store. */
  abstract create(): { secret: string; sealed: Buffer };
  /** The `webhook-signature` header: one `v1,…` signature per secret given (the current one, and the previous one during a rotation). */
  abstract sign(sealedSecrets: readonly Buffer[], messageId: string, timestamp: Date, body: string): string;
}
