import { CATEGORY_POLICY, type Category, type Scope } from '../../../shared/contracts/review';
import type { Manifest } from './manifest';

export interface PolicyFinding {
  ruleId: 'permission-not-allowed' | 'permission-undeclared' | 'permission-unused';
  severity: 'critical' | 'warning';
  scope: string;
  message: string;
}

/**
 * The manifest's permissions against the category's policy and the code: a scope the category may
 * not request, or one the code uses without declaring, rejects; one declared but never used is
 * over-claiming, for the reviewer to weigh.
 */
export function checkPermissions(
  manifest: Manifest,
  category: Category,
  usedScopes: readonly string[],
): PolicyFinding[] {
  const allowed: readonly Scope[] = CATEGORY_POLICY[category];
  const declared = new Set<string>(manifest.permissions.map((p) => p.scope));
  const used = new Set(usedScopes);
  const findings: PolicyFinding[] = [];
  for (const scope of declared) {
    if (!allowed.includes(scope as Scope))
      findings.push({
        ruleId: 'permission-not-allowed',
        severity: 'critical',
        scope,
        message: `a ${category} mini-app may not request ${scope}`,
      });
    else if (!used.has(scope))
      findings.push({
        ruleId: 'permission-unused',
        severity: 'warning',
        scope,
        message: `${scope} is declared but no code uses it`,
      });
  }
  for (const scope of used) {
    if (!declared.has(scope))
      findings.push({
        ruleId: 'permission-undeclared',
        severity: 'critical',
        scope,
        message: `the code uses ${scope} without declaring it in the manifest`,
      });
  }
  return findings;
}
