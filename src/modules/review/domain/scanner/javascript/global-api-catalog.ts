import type { RuleId } from '../scan-types';
import { dottedPathKey, type GlobalPath, pathKey } from './global-paths';
import type { StaticEvaluator } from './static-evaluation';
import type { Node } from './syntax';

/**
 * How a global API is misused:
 * - 'access': any use at all (reading, testing, assigning) is a finding;
 * - 'invoke': calling or constructing it, or passing it on where it can no longer be followed;
 * - 'call': a call that `reportsCall` judges dangerous (a string given to setTimeout);
 * - 'unresolved-member': reading a member of it whose name is not known statically.
 */
export type ApiMisuse = 'access' | 'invoke' | 'call' | 'unresolved-member';

export interface InvocationSite {
  readonly node: Node;
  /** The arguments as the API receives them (after `.call`/`.apply` unwrapping); null if unknown. */
  readonly args: readonly Node[] | null;
  readonly evaluator: StaticEvaluator;
}

export interface GlobalApiRule {
  /** Dotted path from the global object ('navigator.geolocation'); '' is the global object itself. */
  readonly path: string;
  readonly misuse: ApiMisuse;
  readonly ruleId: RuleId;
  readonly message: string;
  readonly reportsCall?: (site: InvocationSite) => boolean;
}

const NO_RULES: readonly GlobalApiRule[] = [];

export class GlobalApiCatalog {
  private readonly rulesByPath = new Map<string, GlobalApiRule[]>();
  private readonly prefixes = new Set<string>();
  private readonly callables = new Set<string>();

  /** `followed`: more dotted paths whose uses are worth following though no rule watches them (the SDK's scoped calls). */
  constructor(rules: readonly GlobalApiRule[], followed: readonly string[] = []) {
    for (const path of followed) this.addPrefixes(path);
    for (const rule of rules) {
      const key = dottedPathKey(rule.path);
      const list = this.rulesByPath.get(key);
      if (list) list.push(rule);
      else this.rulesByPath.set(key, [rule]);
      if (rule.misuse === 'invoke' || rule.misuse === 'call') this.callables.add(key);
      this.addPrefixes(rule.path);
    }
  }

  private addPrefixes(path: string): void {
    const segments = path === '' ? [] : path.split('.');
    for (let length = 0; length <= segments.length; length++) this.prefixes.add(pathKey(segments.slice(0, length)));
  }

  rulesFor(path: GlobalPath): readonly GlobalApiRule[] {
    return this.rulesByPath.get(pathKey(path)) ?? NO_RULES;
  }

  /** A function some rule watches the calls of. */
  isWatchedFunction(path: GlobalPath): boolean {
    return this.callables.has(pathKey(path));
  }

  /** Whether following a value at `path` any further can lead to a rule. */
  leadsToRule(path: GlobalPath): boolean {
    if (this.prefixes.has(pathKey(path))) return true;
    const last = path[path.length - 1];
    // fn.call / fn.apply / fn.bind, and Fn.prototype (whose .constructor is Fn again).
    return (
      (last === 'call' || last === 'apply' || last === 'bind' || last === 'prototype') &&
      this.isWatchedFunction(path.slice(0, -1))
    );
  }
}
