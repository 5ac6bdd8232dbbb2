import { describe, expect, it } from 'vitest';
import { normalizeEmail } from './email-address';
import { initialRoles, rolesWith, rolesWithout } from './user';

describe('user rules', () => {
  it('normalises e-mail addresses to one form', () =>
    expect(normalizeEmail('  Ａda@Example.COM ')).toBe('ada@example.com'));
  it('makes only the configured admin address an admin, and only while there is none', () => {
    expect(initialRoles('root@example.com', 'root@example.com', 0)).toEqual(['user', 'admin']);
    expect(initialRoles('root@example.com', 'root@example.com', 1)).toEqual(['user']);
    expect(initialRoles('ada@example.com', 'root@example.com', 0)).toEqual(['user']);
    expect(initialRoles('ada@example.com', undefined, 0)).toEqual(['user']);
  });
  it('grants a role once and never takes the base role away', () => {
    expect(rolesWith(['user', 'admin'], 'admin')).toEqual(['user', 'admin']);
    expect(rolesWithout(['user', 'reviewer'], 'reviewer')).toEqual(['user']);
    expect(() => rolesWithout(['user'], 'user')).toThrow(RangeError);
  });
});
