import type { InspectionContext } from '../javascript/javascript-rule';
import { startOf } from '../javascript/syntax';
import type { RuleId } from '../scan-types';

/**
 * `x['fet' + 'ch']`, `x[String.fromCharCode(…)]`: a member whose name is hidden behind an
 * expression that folds to a watched name is reported whatever `x` is, since hiding the name
 * is the point. Plain `x.fetch` or `x['fetch']` on an unknown `x` are left alone.
 */
export function reportDisguisedMembers(
  context: InspectionContext,
  names: ReadonlySet<string>,
  ruleId: RuleId,
  describe: (name: string) => string,
): void {
  const { analysis, evaluator, reporter } = context;
  for (const member of analysis.computedMembers) {
    if (member.property.type === 'Literal') continue;
    const key = evaluator.memberKey(member);
    if (key !== null && names.has(key)) reporter.report(ruleId, startOf(member), describe(key));
  }
}
