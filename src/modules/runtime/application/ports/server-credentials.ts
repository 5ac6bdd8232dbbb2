import type { StoredSecrets } from '../../domain/server-secret';

export abstract class ServerCredentials {
  abstract find(miniAppId: string): Promise<StoredSecrets | null>;
  /** Makes `secretHash` the current secret; the one it replaces stays valid until `previousValidUntil`, any older one stops. */
  abstract rotate(miniAppId: string, secretHash: string, now: Date, previousValidUntil: Date): Promise<StoredSecrets>;
}
