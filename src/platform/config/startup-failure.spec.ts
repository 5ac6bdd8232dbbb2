import { describe, expect, it } from 'vitest';
import { withoutPassword } from './startup-failure';

describe('a connection URL as the platform prints it', () => {
  it('keeps where it points and hides every secret, in the user part or the query', () => {
    expect(withoutPassword('postgres://app:hunter2@db:5432/superapp')).toBe('postgres://app@db:5432/superapp');
    const shown = withoutPassword('postgres://app@db/superapp?sslmode=require&password=hunter2&sslpassword=x');
    expect(shown).not.toMatch(/hunter2|sslpassword=x/);
    expect(shown).toContain('sslmode=require');
  });
});
