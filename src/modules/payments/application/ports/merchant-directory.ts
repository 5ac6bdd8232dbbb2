/** What payments knows of a mini-app, from review's and wallet's events. */
export interface Merchant {
  miniAppId: string;
  slug: string;
  ownerId: string;
  /** The live listing's name; null until a version is published. */
  name: string | null;
  /** The live manifest's declared origins: where its notifications may go. */
  domains: string[];
  live: boolean;
}

export interface StoredWebhookSecret {
  /** Encrypted at rest (WebhookSecrets opens it). */
  current: Buffer;
  previous: Buffer | null;
  previousValidUntil: Date | null;
}

/** Payments' read model of mini-apps (registered, published, taken down), their merchant accounts and their webhook secrets. */
export abstract class MerchantDirectory {
  abstract registered(app: { miniAppId: string; slug: string; ownerId: string }): Promise<void>;
  abstract published(app: { miniAppId: string; slug: string; name: string; domains: string[] }): Promise<void>;
  abstract takenDown(miniAppId: string): Promise<void>;
  abstract accountOpened(account: { miniAppId: string; currency: string; accountId: string }): Promise<void>;
  abstract byId(miniAppId: string): Promise<Merchant | null>;
  abstract bySlug(slug: string): Promise<Merchant | null>;
  abstract accountOf(miniAppId: string, currency: string): Promise<string | null>;
  abstract secretOf(miniAppId: string): Promise<StoredWebhookSecret | null>;
  /** Replaces the secret; the one it replaces still signs until `previousValidUntil`. */
  abstract rotateSecret(miniAppId: string, sealed: Buffer, previousValidUntil: Date): Promise<void>;
}
