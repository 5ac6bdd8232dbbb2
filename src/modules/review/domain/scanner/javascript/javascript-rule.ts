import type { FindingReporter } from '../finding-sink';
import type { DeclaredOrigins } from '../origins';
import type { GlobalApiRule } from './global-api-catalog';
import type { GlobalValueFlow } from './global-value-flow';
import type { ProgramAnalysis, SyntaxHooks } from './program-analysis';
import type { StaticEvaluator } from './static-evaluation';

export interface HookContext {
  readonly reporter: FindingReporter;
  readonly origins: DeclaredOrigins;
}

export interface InspectionContext {
  readonly analysis: ProgramAnalysis;
  readonly evaluator: StaticEvaluator;
  readonly flow: GlobalValueFlow;
  readonly reporter: FindingReporter;
}

/**
 * A family of checks on JavaScript. All families share one parse and one walk: they say which
 * globals they forbid (`globalApis`), look at literals and names during the walk (`createHooks`),
 * and inspect the few nodes they asked the walk to keep (`inspect`).
 */
export interface JavaScriptRule {
  readonly globalApis?: readonly GlobalApiRule[];
  /** Callee names whose calls `inspect` needs (see ProgramAnalysis.calls). */
  readonly calleeNames?: readonly string[];
  /** Member names whose member expressions `inspect` needs (see ProgramAnalysis.namedMembers). */
  readonly memberNames?: readonly string[];
  createHooks?(context: HookContext): Partial<SyntaxHooks>;
  inspect?(context: InspectionContext): void;
}
