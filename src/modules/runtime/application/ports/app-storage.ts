import type { QuotaBreach } from '../../domain/storage-quota';

/** `superapp.storage`, per user × mini-app. */
export abstract class AppStorage {
  abstract get(userId: string, miniAppId: string, key: string): Promise<unknown>;
  /** Stores the value (its JSON text is `json`) unless that would break the quota, judged under a lock per user × mini-app. */
  abstract put(userId: string, miniAppId: string, key: string, json: string, at: Date): Promise<QuotaBreach | null>;
  /** False when there was no such key. */
  abstract remove(userId: string, miniAppId: string, key: string): Promise<boolean>;
}
