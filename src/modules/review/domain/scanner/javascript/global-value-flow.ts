import type { ESTree } from 'meriyah';
import type { FindingReporter } from '../finding-sink';
import type { GlobalApiCatalog, GlobalApiRule } from './global-api-catalog';
import { describePath, type GlobalPath, GLOBAL_OBJECT, pathKey, stepPath } from './global-paths';
import type { ProgramAnalysis } from './program-analysis';
import type { Binding } from './scopes';
import type { StaticEvaluator } from './static-evaluation';
import { isFunctionLiteral, type Node, parentOf, startOf } from './syntax';

/** Told of every global path the code reaches (e.g. ['superapp', 'getLocation']). */
export type AccessListener = (path: GlobalPath, node: Node) => void;

type Invocation = 'call' | 'new' | 'tag';

/** Arguments of `fn(...)`: the third of `Reflect.apply(fn, this, [args])`, the second of `Reflect.construct(fn, [args])`. */
const REFLECTIVE_INVOKERS: ReadonlyMap<string, { argumentsAt: number; invocation: Invocation }> = new Map([
  [pathKey(['Reflect', 'apply']), { argumentsAt: 2, invocation: 'call' as const }],
  [pathKey(['Reflect', 'construct']), { argumentsAt: 1, invocation: 'new' as const }],
]);
/** Calls that read one named member of their first argument: `Reflect.get(window, 'eval')`. */
const REFLECTIVE_READERS: ReadonlyMap<string, 'value' | 'descriptor'> = new Map([
  [pathKey(['Reflect', 'get']), 'value' as const],
  [pathKey(['Reflect', 'getOwnPropertyDescriptor']), 'descriptor' as const],
  [pathKey(['Object', 'getOwnPropertyDescriptor']), 'descriptor' as const],
]);
/** Calls that hand out every member of their first argument at once. */
const BULK_READERS: ReadonlySet<string> = new Set(
  [
    ['Object', 'values'],
    ['Object', 'entries'],
    ['Object', 'getOwnPropertyDescriptors'],
  ].map(pathKey),
);

/**
 * Follows values that come from the global object — `window`, its other names, `this` at the top
 * of a script, a frame's window — through members, aliases (`const w = window`), destructuring,
 * `(0, f)`, `a || b`, parameters of immediately-invoked and local functions, returned values and
 * `Reflect`, and reports what the catalog forbids. A forbidden function that flows somewhere it
 * cannot be followed (an argument of unknown code, an object) is reported where it leaves.
 * The analysis is flow-insensitive: a variable that holds the global object on one path is taken
 * to hold it everywhere, which errs towards reporting.
 */
export class GlobalValueFlow {
  /** Bindings, global names and returns already followed with a given path. */
  private readonly visited = new Set<string>();
  private readonly nodeIds = new Map<object, number>();

  constructor(
    private readonly analysis: ProgramAnalysis,
    private readonly evaluator: StaticEvaluator,
    private readonly catalog: GlobalApiCatalog,
    private readonly reporter: FindingReporter,
    private readonly onAccess: AccessListener,
  ) {}

  /** Starts from every place the program names a global. */
  run(): void {
    for (const [name, references] of this.analysis.globalReferences) {
      if (!this.mayMatter(name)) continue;
      for (const reference of references) this.arrive(reference, GLOBAL_OBJECT, name);
    }
    // `var fetch` at the top of a script is the global itself unless it assigns it a new value;
    // the scanner does not try to tell, and keeps following it.
    for (const reference of this.analysis.scriptGlobalReads) {
      if (this.mayMatter(reference.name)) this.arrive(reference, GLOBAL_OBJECT, reference.name);
    }
    for (const node of this.analysis.globalThisExpressions) this.follow(node, GLOBAL_OBJECT);
    // (function () { … this … })(): called without a receiver, a sloppy function's `this` is the global object.
    for (const fn of this.analysis.thisExpressionsByFunction.keys()) {
      const parent = parentOf(fn);
      if (fn.type === 'FunctionExpression' && parent?.type === 'CallExpression' && parent.callee === fn)
        this.bindThis(fn, GLOBAL_OBJECT);
    }
  }

  /** Whether a global of this name can lead to a finding or to a reported access. */
  private mayMatter(name: string): boolean {
    const path = stepPath(GLOBAL_OBJECT, name);
    return path.length === 0 || this.catalog.leadsToRule(path) || this.catalog.rulesFor([name]).length > 0;
  }

  /** `node` evaluates to the value at `path`; follow where it goes. */
  follow(start: Node, path: GlobalPath): void {
    let node = start;
    for (;;) {
      const parent = parentOf(node);
      if (!parent) return;
      switch (parent.type) {
        case 'ChainExpression':
        case 'LogicalExpression':
          node = parent;
          continue;
        case 'SequenceExpression':
          if (parent.expressions[parent.expressions.length - 1] !== node) return;
          node = parent;
          continue;
        case 'ConditionalExpression':
          if (parent.test === node) return;
          node = parent;
          continue;
        case 'AssignmentExpression':
          if (parent.right !== node) return;
          this.assign(parent.left, path, parent);
          node = parent;
          continue;
        case 'MemberExpression':
          if (parent.object === node) this.member(parent, path);
          return;
        case 'CallExpression':
        case 'NewExpression':
          if (parent.callee === node)
            this.invoke(parent, path, parent.type === 'NewExpression' ? 'new' : 'call', parent.arguments);
          else this.argument(parent, node, path);
          return;
        case 'TaggedTemplateExpression':
          if (parent.tag === node) this.invoke(parent, path, 'tag', null);
          return;
        case 'VariableDeclarator':
          if (parent.init === node) this.bind(parent.id, path);
          return;
        case 'AssignmentPattern':
          if (parent.right === node) this.bind(parent.left, path);
          return;
        case 'Property':
          if (parent.value === node && parentOf(parent)?.type === 'ObjectExpression') this.escape(path, node);
          return;
        case 'SpreadElement':
          if (parentOf(parent)?.type === 'ObjectExpression') this.unresolvedMember(path, parent);
          else this.escape(path, node);
          return;
        case 'ReturnStatement':
          this.returnFrom(parentOf(parent), path, node);
          return;
        case 'ArrowFunctionExpression':
          if (parent.body === node) this.returnFrom(parent, path, node);
          return;
        // Tests, comparisons, typeof, statements: the value is looked at, not passed on.
        case 'UnaryExpression':
        case 'BinaryExpression':
        case 'UpdateExpression':
        case 'ExpressionStatement':
        case 'IfStatement':
        case 'WhileStatement':
        case 'DoWhileStatement':
        case 'ForStatement':
        case 'ForInStatement':
        case 'ForOfStatement':
        case 'SwitchStatement':
        case 'SwitchCase':
        case 'WithStatement':
        case 'ObjectPattern':
        case 'ArrayPattern':
        case 'RestElement':
          return;
        default:
          this.escape(path, node);
          return;
      }
    }
  }

  // ---------------------------------------------------------------- steps

  /** `node` reads member `key` of the value at `base`. */
  private arrive(node: Node, base: GlobalPath, key: string): void {
    const reached = [...base, key];
    this.reportAccess(reached, node);
    const next = key === 'constructor' && this.catalog.isWatchedFunction(base) ? ['Function'] : stepPath(base, key);
    if (next.length === 0 || this.catalog.leadsToRule(next)) this.follow(node, next);
  }

  private member(node: ESTree.MemberExpression, path: GlobalPath): void {
    const key = this.evaluator.memberKey(node);
    if (key !== null) this.arrive(node, path, key);
    // A symbol key (globalThis[Symbol.for('lib')]) names no API.
    else if (!this.evaluator.isSymbol(node.property)) this.unresolvedMember(path, node);
  }

  private invoke(node: Node, path: GlobalPath, invocation: Invocation, args: readonly Node[] | null): void {
    let target = path;
    let targetArgs = args;
    const last = path[path.length - 1];
    const base = path.slice(0, -1);
    if ((last === 'call' || last === 'apply' || last === 'bind') && this.catalog.isWatchedFunction(base)) {
      target = base;
      if (last === 'bind') {
        if (invocation === 'call') this.follow(node, base);
        return;
      }
      targetArgs = last === 'call' ? (args ? args.slice(1) : null) : elementsOf(args?.[1]);
    }
    for (const rule of this.catalog.rulesFor(target)) {
      if (rule.misuse === 'invoke') this.report(rule, node, rule.message);
      else if (rule.misuse === 'call' && rule.reportsCall?.({ node, args: targetArgs, evaluator: this.evaluator }))
        this.report(rule, node, rule.message);
    }
  }

  /** The value is an argument of a call: into a parameter, through Reflect, or out of sight. */
  private argument(call: ESTree.CallExpression | ESTree.NewExpression, argument: Node, path: GlobalPath): void {
    const args = call.arguments as Node[];
    const index = args.indexOf(argument);
    const callee = call.callee as Node;
    if (isFunctionLiteral(callee)) {
      this.bindParameter(callee, index, path);
      return;
    }
    if (callee.type === 'MemberExpression' && !callee.computed && isFunctionLiteral(callee.object)) {
      const fn = callee.object;
      const method = this.evaluator.memberKey(callee);
      if (method === 'call' || method === 'apply') {
        if (index === 0) this.bindThis(fn, path);
        else if (method === 'call') this.bindParameter(fn, index - 1, path);
        return;
      }
    }
    // f(window), where f is a function of the program that every call gives this same value.
    const calledBinding = callee.type === 'Identifier' ? this.analysis.bindingOf(callee) : null;
    const calledFunction = calledBinding?.functionValue;
    if (calledBinding && calledFunction && this.everyCallPasses(calledBinding, index, path)) {
      this.bindParameter(calledFunction, index, path);
      return;
    }
    const calleePath = this.evaluator.globalPathOf(callee);
    if (calleePath && index === 0) {
      const calleeKey = pathKey(calleePath);
      const invoker = REFLECTIVE_INVOKERS.get(calleeKey);
      if (invoker) {
        this.invoke(call, path, invoker.invocation, elementsOf(args[invoker.argumentsAt]));
        return;
      }
      const reader = REFLECTIVE_READERS.get(calleeKey);
      if (reader) {
        const key = args.length > 1 ? this.evaluator.keyOf(args[1]) : null;
        if (key === null) this.unresolvedMember(path, call);
        else if (reader === 'value') this.arrive(call, path, key);
        else {
          const reached = [...path, key];
          this.reportAccess(reached, call);
          this.escape(stepPath(path, key), call);
        }
        return;
      }
      if (BULK_READERS.has(calleeKey)) {
        this.unresolvedMember(path, call);
        return;
      }
    }
    if (calleePath && index > 0 && pathKey(calleePath) === pathKey(['Object', 'assign'])) {
      this.unresolvedMember(path, call);
      return;
    }
    this.escape(path, argument);
  }

  /** `target = value`: a variable becomes an alias; a property of the global object becomes a global. */
  private assign(target: Node, path: GlobalPath, assignment: Node): void {
    if (target.type !== 'MemberExpression') {
      this.bind(target, path);
      return;
    }
    const owner = this.evaluator.globalPathOf(target.object);
    const key = this.evaluator.memberKey(target);
    if (owner && owner.length === 0 && key !== null) this.aliasGlobal(key, path);
    else this.escape(path, assignment);
  }

  /** The value is stored into a binding pattern: every name it reaches is followed. */
  private bind(pattern: Node, path: GlobalPath): void {
    switch (pattern.type) {
      case 'Identifier': {
        const binding = this.analysis.bindingOf(pattern);
        if (binding) this.followBinding(binding, path);
        else if (binding === null) this.aliasGlobal(pattern.name, path);
        return;
      }
      case 'ObjectPattern':
        for (const property of pattern.properties as Node[]) {
          if (property.type === 'RestElement') {
            this.bind(property.argument, path);
            continue;
          }
          if (property.type !== 'Property') continue;
          const key = this.evaluator.propertyKey({ key: property.key, computed: property.computed });
          if (key === null) {
            this.unresolvedMember(path, property);
            continue;
          }
          const reached = [...path, key];
          this.reportAccess(reached, property);
          const next = stepPath(path, key);
          if (next.length === 0 || this.catalog.leadsToRule(next)) this.bind(property.value, next);
        }
        return;
      case 'AssignmentPattern':
        this.bind(pattern.left, path);
        return;
      case 'MemberExpression':
        this.escape(path, pattern);
        return;
      default:
        return;
    }
  }

  /**
   * Whether every use of the function is a call whose argument `index` is statically the value
   * at `path`. A function also called with other values (a DOM helper given `window` once among
   * elements) would otherwise turn every one of its uses into a use of the global object.
   */
  private everyCallPasses(binding: Binding, index: number, path: GlobalPath): boolean {
    const expected = pathKey(path);
    for (const reference of binding.reads) {
      const call = parentOf(reference);
      if ((call?.type !== 'CallExpression' && call?.type !== 'NewExpression') || call.callee !== reference)
        return false;
      const argument = call.arguments[index] as Node | undefined;
      const passed = argument ? this.evaluator.globalPathOf(argument) : null;
      if (!passed || pathKey(passed) !== expected) return false;
    }
    return true;
  }

  private bindParameter(
    fn: ESTree.FunctionDeclaration | ESTree.FunctionExpression | ESTree.ArrowFunctionExpression,
    index: number,
    path: GlobalPath,
  ): void {
    const parameter = fn.params[index] as Node | undefined;
    if (parameter && parameter.type !== 'RestElement') this.bind(parameter, path);
  }

  private bindThis(fn: ESTree.FunctionExpression | ESTree.ArrowFunctionExpression, path: GlobalPath): void {
    if (fn.type !== 'FunctionExpression') return;
    for (const node of this.analysis.thisExpressionsByFunction.get(fn) ?? []) this.follow(node, path);
  }

  /**
   * The value is returned by `fn`: it reaches the calls of `fn` the scanner can see — an
   * immediate call, or calls through the name it is declared under. It escapes otherwise.
   */
  private returnFrom(fn: Node | null, path: GlobalPath, returned: Node): void {
    if (
      !fn ||
      (fn.type !== 'FunctionExpression' && fn.type !== 'ArrowFunctionExpression' && fn.type !== 'FunctionDeclaration')
    ) {
      this.escape(path, returned);
      return;
    }
    const key = `return:${this.idOf(fn)}:${pathKey(path)}`;
    if (this.visited.has(key)) return;
    this.visited.add(key);
    const parent = parentOf(fn);
    if (parent?.type === 'CallExpression' && parent.callee === fn) {
      this.follow(parent, path);
      return;
    }
    const name =
      fn.type === 'FunctionDeclaration'
        ? fn.id
        : parent?.type === 'VariableDeclarator' && parent.init === fn
          ? parent.id
          : null;
    const binding = name?.type === 'Identifier' ? this.analysis.bindingOf(name) : null;
    if (!binding || !(binding.kind === 'function' || binding.isConstant)) {
      this.escape(path, returned);
      return;
    }
    for (const reference of binding.reads) {
      const call = parentOf(reference);
      if (call?.type === 'CallExpression' && call.callee === reference) this.follow(call, path);
      else this.escape(path, returned);
    }
  }

  private idOf(node: object): number {
    let id = this.nodeIds.get(node);
    if (id === undefined) {
      id = this.nodeIds.size;
      this.nodeIds.set(node, id);
    }
    return id;
  }

  private followBinding(binding: Binding, path: GlobalPath): void {
    const key = `${this.idOf(binding)}:${pathKey(path)}`;
    if (this.visited.has(key)) return;
    this.visited.add(key);
    for (const reference of binding.reads) this.follow(reference, path);
    if (binding.isScriptGlobal) this.aliasGlobal(binding.name, path);
  }

  /** An implicit global (`g = window`, `window.g = window`) now holds the value: follow its uses. */
  private aliasGlobal(name: string, path: GlobalPath): void {
    const key = `global:${name}:${pathKey(path)}`;
    if (this.visited.has(key)) return;
    this.visited.add(key);
    for (const reference of this.analysis.globalReferences.get(name) ?? []) this.follow(reference, path);
  }

  // ---------------------------------------------------------------- reports

  private reportAccess(path: GlobalPath, node: Node): void {
    this.onAccess(path, node);
    for (const rule of this.catalog.rulesFor(path)) if (rule.misuse === 'access') this.report(rule, node, rule.message);
  }

  private unresolvedMember(path: GlobalPath, node: Node): void {
    for (const rule of this.catalog.rulesFor(path))
      if (rule.misuse === 'unresolved-member') this.report(rule, node, rule.message);
  }

  /** A watched function leaves the code the scanner can follow: it may be called anywhere. */
  private escape(path: GlobalPath, node: Node): void {
    const last = path[path.length - 1];
    const target =
      (last === 'call' || last === 'apply' || last === 'bind') && this.catalog.isWatchedFunction(path.slice(0, -1))
        ? path.slice(0, -1)
        : path;
    for (const rule of this.catalog.rulesFor(target)) {
      if (rule.misuse === 'invoke')
        this.report(
          rule,
          node,
          `${rule.message} (${describePath(target)} is passed on as a value and may be called out of sight)`,
        );
    }
  }

  private report(rule: GlobalApiRule, node: Node, message: string): void {
    this.reporter.report(rule.ruleId, startOf(node), message);
  }
}

/** The elements of an array literal, or null when the arguments are not written out. */
function elementsOf(node: Node | undefined): readonly Node[] | null {
  if (!node || node.type !== 'ArrayExpression') return null;
  const elements: Node[] = [];
  for (const element of node.elements) {
    if (!element || element.type === 'SpreadElement') return null;
    elements.push(element);
  }
  return elements;
}
