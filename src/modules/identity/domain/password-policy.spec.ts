import { describe, expect, it } from 'vitest';
import { passwordViolations } from './password-policy';

const context = { email: 'ada@example.com', displayName: 'Ada Lovelace', isCommon: (p: string) => p === 'iloveyou1' };

describe('password policy (NIST SP 800-63B)', () => {
  it('accepts eight characters of any kind, with no composition rules', () => {
    expect(passwordViolations('plainish', context)).toEqual([]);
  });

  it('counts characters, not bytes, so emoji and accents count once', () => {
    expect(passwordViolations('ŝ🚲ĉ🚲ŝ🚲ĉ', context)).toEqual(['must be at least 8 characters long']);
    expect(passwordViolations('ŝ🚲ĉ🚲ŝ🚲ĉ🚲', context)).toEqual([]);
  });

  it('refuses fewer than 8 and more than 128 characters', () => {
    expect(passwordViolations('short12', context)[0]).toMatch(/at least 8/);
    expect(passwordViolations('x'.repeat(128) + 'y', context)[0]).toMatch(/at most 128/);
  });

  it('refuses a common password whatever its case', () => {
    expect(passwordViolations('ILoveYou1', context)[0]).toMatch(/common/);
  });

  it('refuses the e-mail address, its local part or the display name', () => {
    expect(passwordViolations('ada@example.com', context)).toHaveLength(1);
    expect(passwordViolations('ada lovelace', context)).toHaveLength(1);
  });

  it('refuses one character repeated', () => {
    expect(passwordViolations('zzzzzzzzzz', context)[0]).toMatch(/repeated/);
  });
});
