import { describe, expect, it } from 'vitest';
import type { Manifest } from './manifest';
import { checkPermissions } from './permission-policy';

const manifest = (...scopes: string[]): Manifest =>
  ({
    slug: 'app',
    version: '1.0.0',
    name: 'App',
    entry: 'index.html',
    sdkVersion: '1',
    permissions: scopes.map((scope) => ({ scope, purpose: 'A reason a person can read' })),
    domains: [],
  }) as Manifest;

describe('permissions against the policy and the code', () => {
  it('passes a declared, allowed and used scope', () => {
    expect(checkPermissions(manifest('location'), 'maps', ['location'])).toEqual([]);
  });

  it('rejects a scope the category may not request (location for a game)', () => {
    expect(checkPermissions(manifest('location'), 'games', ['location'])).toEqual([
      expect.objectContaining({ ruleId: 'permission-not-allowed', severity: 'critical', scope: 'location' }),
    ]);
  });

  it('rejects code that uses a scope the manifest does not declare', () => {
    expect(checkPermissions(manifest(), 'maps', ['location'])).toEqual([
      expect.objectContaining({ ruleId: 'permission-undeclared', severity: 'critical', scope: 'location' }),
    ]);
  });

  it('warns about a declared scope no code uses (over-claiming)', () => {
    expect(checkPermissions(manifest('user.profile'), 'maps', [])).toEqual([
      expect.objectContaining({ ruleId: 'permission-unused', severity: 'warning' }),
    ]);
  });

  it('allows the wallet scopes to a finance mini-app only', () => {
    const wallet = manifest('wallet.read', 'wallet.transfer');
    expect(checkPermissions(wallet, 'finance', ['wallet.read', 'wallet.transfer'])).toEqual([]);
    for (const category of ['shopping', 'social', 'games'] as const) {
      expect(
        checkPermissions(wallet, category, ['wallet.read', 'wallet.transfer']).map((f) => [
          f.ruleId,
          f.severity,
          f.scope,
        ]),
      ).toEqual([
        ['permission-not-allowed', 'critical', 'wallet.read'],
        ['permission-not-allowed', 'critical', 'wallet.transfer'],
      ]);
    }
  });
});
