/** Storage per user × mini-app (README, "Running a mini-app"). */
export const STORAGE_QUOTA = {
  maxKeys: 100,
  maxKeyLength: 128,
  /** A value, as JSON text in UTF-8. */
  maxValueBytes: 16 * 1024,
  /** All values of one user in one mini-app together. */
  maxTotalBytes: 1024 * 1024,
} as const;

/** Letters, digits and `. _ : -`, up to 128 characters: safe in a URL path and in logs. */
export const STORAGE_KEY = /^[A-Za-z0-9._:-]{1,128}$/;

export type QuotaBreach = 'value-too-large' | 'too-many-keys' | 'storage-full';

export interface StorageUsage {
  keys: number;
  bytes: number;
  /** The size of the value the key holds now, null when the key is new. */
  replacedBytes: number | null;
}

/** Whether writing a value of `valueBytes` under a key keeps the user × mini-app within the quota. */
export function quotaBreach(usage: StorageUsage, valueBytes: number): QuotaBreach | null {
  if (valueBytes > STORAGE_QUOTA.maxValueBytes) return 'value-too-large';
  if (usage.replacedBytes === null && usage.keys >= STORAGE_QUOTA.maxKeys) return 'too-many-keys';
  if (usage.bytes - (usage.replacedBytes ?? 0) + valueBytes > STORAGE_QUOTA.maxTotalBytes) return 'storage-full';
  return null;
}
