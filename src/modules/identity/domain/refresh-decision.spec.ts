import { describe, expect, it } from 'vitest';
import { decideRefresh } from './refresh-decision';

const now = new Date('2026-01-01T12:00:00Z');
const fresh = {
  familyId: 'f',
  userId: 'u',
  expiresAt: new Date('2026-01-02T00:00:00Z'),
  rotatedAt: null,
  revokedAt: null,
};

describe('refresh decision', () => {
  it('rotates a fresh token', () => expect(decideRefresh(fresh, now)).toBe('rotate'));
  it('treats a token shown again after rotation as theft', () =>
    expect(decideRefresh({ ...fresh, rotatedAt: new Date('2026-01-01T11:00:00Z') }, now)).toBe('reuse-detected'));
  it('refuses a token whose family was revoked, even if it was rotated too', () =>
    expect(decideRefresh({ ...fresh, rotatedAt: now, revokedAt: now }, now)).toBe('revoked'));
  it('refuses an expired token at its expiry instant', () =>
    expect(decideRefresh({ ...fresh, expiresAt: now }, now)).toBe('expired'));
});
