import type { FindingReporter } from '../finding-sink';
import type { DeclaredOrigins } from '../origins';
import { deviceOutsideSdkRule } from '../rules/device-outside-sdk';
import { dynamicCodeRule } from '../rules/dynamic-code';
import { hostPrivateApiRule } from '../rules/host-private-api';
import { networkOutsideSdkRule } from '../rules/network-outside-sdk';
import { obfuscationRule } from '../rules/obfuscation';
import { undeclaredDomainRule } from '../rules/undeclared-domain';
import { SDK_CALL_SCOPES, SDK_GLOBAL } from '../sdk-scopes';
import { GlobalApiCatalog } from './global-api-catalog';
import type { GlobalPath } from './global-paths';
import { GlobalValueFlow } from './global-value-flow';
import type { HookContext, JavaScriptRule } from './javascript-rule';
import { parseJavaScript, type ScriptGoal } from './parse-javascript';
import { analyzeProgram, type SyntaxHooks } from './program-analysis';
import { StaticEvaluator } from './static-evaluation';

const RULES: readonly JavaScriptRule[] = [
  dynamicCodeRule,
  networkOutsideSdkRule,
  hostPrivateApiRule,
  deviceOutsideSdkRule,
  obfuscationRule,
  undeclaredDomainRule,
];
const CATALOG = new GlobalApiCatalog(
  RULES.flatMap((rule) => rule.globalApis ?? []),
  [...SDK_CALL_SCOPES.keys()].map((call) => `${SDK_GLOBAL}.${call}`),
);
const CALLEE_NAMES: ReadonlySet<string> = new Set(RULES.flatMap((rule) => rule.calleeNames ?? []));
const MEMBER_NAMES: ReadonlySet<string> = new Set(RULES.flatMap((rule) => rule.memberNames ?? []));

export interface JavaScriptSource {
  readonly code: string;
  readonly goal: ScriptGoal;
  /** A `.js` file may be loaded as a module: it is tried as one if it does not parse as a script. */
  readonly mayBeModule: boolean;
}

export interface JavaScriptScanContext {
  readonly reporter: FindingReporter;
  readonly origins: DeclaredOrigins;
  /** Receives the SDK scopes the code calls for. */
  readonly usedScopes: Set<string>;
}

/** Parses once, walks once, then runs every rule family over what the walk kept. */
export function scanJavaScript(source: JavaScriptSource, context: JavaScriptScanContext): void {
  const { reporter, origins, usedScopes } = context;
  const parsed = parseJavaScript(source.code, source.goal, source.mayBeModule);
  if (!parsed.ok) {
    reporter.report('parse-error', parsed.offset, `does not parse as JavaScript: ${parsed.message}`);
    return;
  }
  try {
    const hooks = composeHooks({ reporter, origins });
    const analysis = analyzeProgram(parsed.program, parsed.goal, {
      calleeNames: CALLEE_NAMES,
      memberNames: MEMBER_NAMES,
      hooks,
    });
    const evaluator = new StaticEvaluator(analysis);
    const recordScope = (path: GlobalPath) => {
      if (path.length >= 2 && path[0] === SDK_GLOBAL) {
        const scope = SDK_CALL_SCOPES.get(path.slice(1).join('.'));
        if (scope) usedScopes.add(scope);
      }
    };
    const flow = new GlobalValueFlow(analysis, evaluator, CATALOG, reporter, recordScope);
    flow.run();
    for (const rule of RULES) rule.inspect?.({ analysis, evaluator, flow, reporter });
  } catch (error) {
    // Nesting deep enough to exhaust the stack is itself a way to defeat review.
    if (error instanceof RangeError) reporter.report('parse-error', 0, 'is nested too deeply to be analysed');
    else throw error;
  }
}

function composeHooks(context: HookContext): SyntaxHooks {
  const identifier: Array<NonNullable<SyntaxHooks['identifier']>> = [];
  const string: Array<NonNullable<SyntaxHooks['string']>> = [];
  const template: Array<NonNullable<SyntaxHooks['template']>> = [];
  for (const rule of RULES) {
    const hooks = rule.createHooks?.(context);
    if (hooks?.identifier) identifier.push(hooks.identifier);
    if (hooks?.string) string.push(hooks.string);
    if (hooks?.template) template.push(hooks.template);
  }
  return { identifier: all(identifier), string: all(string), template: all(template) };
}

/** One function calling each hook; the walk calls it for every identifier, so the common sizes are unrolled. */
function all<T>(hooks: ReadonlyArray<(node: T) => void>): (node: T) => void {
  const [first, second] = hooks;
  if (hooks.length === 0) return () => {};
  if (hooks.length === 1) return first;
  if (hooks.length === 2) {
    return (node) => {
      first(node);
      second(node);
    };
  }
  return (node) => {
    for (const hook of hooks) hook(node);
  };
}
