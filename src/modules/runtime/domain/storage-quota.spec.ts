import { describe, expect, it } from 'vitest';
import { quotaBreach, STORAGE_KEY, STORAGE_QUOTA } from './storage-quota';

describe('storage quota', () => {
  const empty = { keys: 0, bytes: 0, replacedBytes: null };

  it('takes a value up to 16 KiB, and not a byte more', () => {
    expect(quotaBreach(empty, STORAGE_QUOTA.maxValueBytes)).toBeNull();
    expect(quotaBreach(empty, STORAGE_QUOTA.maxValueBytes + 1)).toBe('value-too-large');
  });

  it('refuses a new key past 100, but lets an existing one change', () => {
    expect(quotaBreach({ keys: 100, bytes: 100, replacedBytes: null }, 1)).toBe('too-many-keys');
    expect(quotaBreach({ keys: 100, bytes: 100, replacedBytes: 1 }, 1)).toBeNull();
  });

  it('counts the value a key replaces out of the total', () => {
    const full = { keys: 64, bytes: STORAGE_QUOTA.maxTotalBytes, replacedBytes: null };
    expect(quotaBreach(full, 1)).toBe('storage-full');
    expect(quotaBreach({ ...full, replacedBytes: 10 }, 10)).toBeNull();
    expect(quotaBreach({ ...full, replacedBytes: 10 }, 11)).toBe('storage-full');
  });

  it.each(['a', 'prefs.v1', 'user:42_draft-2', 'k'.repeat(128)])('accepts the key %s', (key) =>
    expect(STORAGE_KEY.test(key)).toBe(true),
  );
  it.each(['', 'has space', 'slash/inside', 'ünï', 'k'.repeat(129), '../up'])('refuses the key %j', (key) =>
    expect(STORAGE_KEY.test(key)).toBe(false),
  );
});
