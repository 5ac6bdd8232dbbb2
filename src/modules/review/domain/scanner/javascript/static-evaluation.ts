import type { ESTree } from 'meriyah';
import { type GlobalPath, GLOBAL_OBJECT, pathKey, stepPath } from './global-paths';
import type { ProgramAnalysis } from './program-analysis';
import type { Binding } from './scopes';
import type { MemberExpression, Node } from './syntax';
import {
  binary,
  type Evaluation,
  guard,
  joinArray,
  literalValue,
  MAX_ARRAY_LENGTH,
  MAX_STRING_LENGTH,
  sizeOf,
  type StaticValue,
  textOf,
  UNKNOWN,
  unary,
  withinBounds,
} from './static-operations';

/**
 * Folds the constant expressions that disguise names — 'ev' + 'al', String.fromCharCode(101, …),
 * atob('…'), ['e','v','a','l'].join(''), template literals of constants — and tells which global
 * a callee expression names. Everything is bounded (string length, array length, depth) so that a
 * hostile bundle cannot make the reviewer allocate or loop without end; eslint-utils'
 * getStaticValue has no such bound ('a'.padEnd(5e8) would run), hence this evaluator.
 */

const MAX_DEPTH = 48;
const IN_PROGRESS: unique symbol = Symbol('in progress');
const SYMBOL = pathKey(['Symbol']);
const SYMBOL_FOR = pathKey(['Symbol', 'for']);

type Pure = (...args: never[]) => unknown;

/** Global functions worth folding: those that turn numbers or encoded text into names. */
const PURE_GLOBAL_FUNCTIONS: ReadonlyMap<string, Pure> = new Map<string, Pure>([
  [pathKey(['String', 'fromCharCode']), String.fromCharCode],
  [pathKey(['String', 'fromCodePoint']), String.fromCodePoint],
  [pathKey(['String']), String],
  [pathKey(['atob']), atob],
  [pathKey(['decodeURIComponent']), decodeURIComponent],
  [pathKey(['decodeURI']), decodeURI],
  [pathKey(['unescape']), unescape],
  [pathKey(['parseInt']), parseInt],
  [pathKey(['parseFloat']), parseFloat],
  [pathKey(['Number']), Number],
]);

const STRING_METHODS: ReadonlySet<string> = new Set([
  'at',
  'charAt',
  'charCodeAt',
  'codePointAt',
  'concat',
  'endsWith',
  'includes',
  'indexOf',
  'lastIndexOf',
  'padEnd',
  'padStart',
  'repeat',
  'replace',
  'replaceAll',
  'slice',
  'split',
  'startsWith',
  'substr',
  'substring',
  'toLowerCase',
  'toString',
  'toUpperCase',
  'trim',
  'trimEnd',
  'trimStart',
  'valueOf',
]);
const ARRAY_METHODS: ReadonlySet<string> = new Set([
  'at',
  'concat',
  'includes',
  'indexOf',
  'join',
  'reverse',
  'slice',
  'toString',
]);

export class StaticEvaluator {
  private readonly analysis: ProgramAnalysis;
  private readonly globalThisExpressions: ReadonlySet<Node>;
  private readonly bindingValues = new Map<Binding, Evaluation | typeof IN_PROGRESS>();
  private readonly bindingPaths = new Map<Binding, GlobalPath | null | typeof IN_PROGRESS>();
  private readonly memberKeys = new Map<MemberExpression, string | null>();

  constructor(analysis: ProgramAnalysis) {
    this.analysis = analysis;
    this.globalThisExpressions = new Set(analysis.globalThisExpressions);
  }

  /** The string `node` always evaluates to, or null. */
  stringOf(node: Node): string | null {
    const value = this.evaluate(node, 0);
    return typeof value === 'string' ? value : null;
  }

  /** The property name `node` stands for when used as a key, or null when not known statically. */
  keyOf(node: Node): string | null {
    const value = this.evaluate(node, 0);
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined)
      return String(value);
    return null;
  }

  /** The property a member expression reads: `a.b` → 'b', `a['e' + 'val']` → 'eval', `a[i]` → null. */
  memberKey(member: MemberExpression): string | null {
    const property = member.property;
    if (!member.computed)
      return property.type === 'Identifier' ? property.name : `#${(property as ESTree.PrivateIdentifier).name}`;
    const cached = this.memberKeys.get(member);
    if (cached !== undefined) return cached;
    const key = this.keyOf(property);
    this.memberKeys.set(member, key);
    return key;
  }

  /** The key of an object property (`{a: …}`, `{['a' + 'b']: …}`), or null. */
  propertyKey(property: { key: Node | null; computed: boolean }): string | null {
    const key = property.key;
    if (!key) return null;
    if (!property.computed && key.type === 'Identifier') return key.name;
    return this.keyOf(key);
  }

  /** The binding an identifier names (see ProgramAnalysis.bindingOf). */
  bindingOf(identifier: ESTree.Identifier): Binding | null | undefined {
    return this.analysis.bindingOf(identifier);
  }

  /** Whether `node` is certainly a symbol (Symbol('x'), Symbol.for('x'), Symbol.iterator): a key that names no API. */
  isSymbol(node: Node): boolean {
    const target = node.type === 'Identifier' ? this.constantInitializer(node) : node;
    if (!target) return false;
    if (target.type === 'CallExpression') {
      const callee = this.pathOf(target.callee, 0);
      return callee !== null && (pathKey(callee) === SYMBOL || pathKey(callee) === SYMBOL_FOR);
    }
    if (target.type === 'MemberExpression') {
      const path = this.pathOf(target, 0);
      return path !== null && path.length === 2 && path[0] === 'Symbol' && path[1] !== 'for' && path[1] !== 'prototype';
    }
    return false;
  }

  private constantInitializer(node: ESTree.Identifier): Node | null {
    const binding = this.analysis.bindingOf(node);
    return binding?.isConstant && binding.initializer ? binding.initializer : null;
  }

  /** Which global `node` names (`window.fetch`, an alias of `navigator`, `String.fromCharCode`), or null. */
  globalPathOf(node: Node): GlobalPath | null {
    return this.pathOf(node, 0);
  }

  // ---------------------------------------------------------------- global paths

  private pathOf(node: Node, depth: number): GlobalPath | null {
    if (depth > MAX_DEPTH) return null;
    switch (node.type) {
      case 'Identifier': {
        const binding = this.analysis.bindingOf(node);
        if (binding === null) return stepPath(GLOBAL_OBJECT, node.name);
        if (!binding || !binding.isConstant) return null;
        return this.pathOfBinding(binding, depth);
      }
      case 'ThisExpression':
        return this.globalThisExpressions.has(node) ? GLOBAL_OBJECT : null;
      case 'MemberExpression': {
        const base = this.pathOf(node.object, depth + 1);
        if (!base) return null;
        const key = this.memberKey(node);
        return key === null ? null : stepPath(base, key);
      }
      case 'ChainExpression':
        return this.pathOf(node.expression, depth + 1);
      case 'SequenceExpression':
        return this.pathOf(node.expressions[node.expressions.length - 1], depth + 1);
      case 'AssignmentExpression':
        return node.operator === '=' ? this.pathOf(node.right, depth + 1) : null;
      case 'LogicalExpression':
        return samePath(this.pathOf(node.left, depth + 1), this.pathOf(node.right, depth + 1));
      case 'ConditionalExpression':
        return samePath(this.pathOf(node.consequent, depth + 1), this.pathOf(node.alternate, depth + 1));
      default:
        return null;
    }
  }

  private pathOfBinding(binding: Binding, depth: number): GlobalPath | null {
    const cached = this.bindingPaths.get(binding);
    if (cached === IN_PROGRESS) return null;
    if (cached !== undefined) return cached;
    this.bindingPaths.set(binding, IN_PROGRESS);
    const path = binding.initializer ? this.pathOf(binding.initializer, depth + 1) : null;
    this.bindingPaths.set(binding, path);
    return path;
  }

  // ---------------------------------------------------------------- constant folding

  private evaluate(node: Node, depth: number): Evaluation {
    if (depth > MAX_DEPTH) return UNKNOWN;
    switch (node.type) {
      case 'Literal':
        return literalValue(node);
      case 'TemplateLiteral':
        return this.template(node, depth);
      case 'BinaryExpression':
        return binary(node.operator, this.evaluate(node.left, depth + 1), () => this.evaluate(node.right, depth + 1));
      case 'UnaryExpression':
        return unary(node.operator, this.evaluate(node.argument, depth + 1));
      case 'Identifier':
        return this.identifier(node, depth);
      case 'ConditionalExpression': {
        const test = this.evaluate(node.test, depth + 1);
        if (test === UNKNOWN) return UNKNOWN;
        return this.evaluate(test ? node.consequent : node.alternate, depth + 1);
      }
      case 'LogicalExpression': {
        const left = this.evaluate(node.left, depth + 1);
        if (left === UNKNOWN) return UNKNOWN;
        if (node.operator === '&&') return left ? this.evaluate(node.right, depth + 1) : left;
        if (node.operator === '||') return left ? left : this.evaluate(node.right, depth + 1);
        return left === null || left === undefined ? this.evaluate(node.right, depth + 1) : left;
      }
      case 'SequenceExpression':
        return this.evaluate(node.expressions[node.expressions.length - 1], depth + 1);
      case 'ArrayExpression':
        return this.array(node.elements, depth);
      case 'MemberExpression':
        return this.member(node, depth);
      case 'CallExpression':
        return this.call(node, depth);
      case 'ChainExpression':
        return this.evaluate(node.expression, depth + 1);
      default:
        return UNKNOWN;
    }
  }

  private identifier(node: ESTree.Identifier, depth: number): Evaluation {
    const binding = this.analysis.bindingOf(node);
    if (binding === null) {
      if (node.name === 'undefined') return undefined;
      if (node.name === 'NaN') return Number.NaN;
      if (node.name === 'Infinity') return Number.POSITIVE_INFINITY;
      return UNKNOWN;
    }
    if (!binding || !binding.isConstant || !binding.initializer) return UNKNOWN;
    const cached = this.bindingValues.get(binding);
    if (cached === IN_PROGRESS) return UNKNOWN;
    if (cached !== undefined) return cached;
    this.bindingValues.set(binding, IN_PROGRESS);
    const value = this.evaluate(binding.initializer, depth + 1);
    this.bindingValues.set(binding, value);
    return value;
  }

  private template(node: ESTree.TemplateLiteral, depth: number): Evaluation {
    let text = '';
    for (let i = 0; i < node.quasis.length; i++) {
      const cooked = node.quasis[i].value.cooked;
      if (cooked === null) return UNKNOWN;
      text += cooked;
      if (i < node.expressions.length) {
        const value = this.evaluate(node.expressions[i], depth + 1);
        if (value === UNKNOWN) return UNKNOWN;
        const part = textOf(value);
        if (part === null) return UNKNOWN;
        text += part;
      }
      if (text.length > MAX_STRING_LENGTH) return UNKNOWN;
    }
    return text;
  }

  private array(elements: ReadonlyArray<Node | null>, depth: number): Evaluation {
    if (elements.length > MAX_ARRAY_LENGTH) return UNKNOWN;
    const values: StaticValue[] = [];
    for (const element of elements) {
      if (element === null) {
        values.push(undefined);
        continue;
      }
      if (element.type === 'SpreadElement') {
        const spread = this.evaluate(element.argument, depth + 1);
        if (!Array.isArray(spread)) return UNKNOWN;
        values.push(...(spread as StaticValue[]));
      } else {
        const value = this.evaluate(element, depth + 1);
        // Arrays hold primitives only, so that sizes stay linear in what was written.
        if (value === UNKNOWN || Array.isArray(value)) return UNKNOWN;
        values.push(value);
      }
      if (values.length > MAX_ARRAY_LENGTH) return UNKNOWN;
    }
    return values;
  }

  private member(node: MemberExpression, depth: number): Evaluation {
    const object = this.evaluate(node.object, depth + 1);
    if (typeof object !== 'string' && !Array.isArray(object)) return UNKNOWN;
    const key = this.memberKey(node);
    if (key === null) return UNKNOWN;
    const sequence = object as string | readonly StaticValue[];
    if (key === 'length') return sequence.length;
    const index = Number(key);
    if (!Number.isInteger(index) || index < 0 || String(index) !== key) return UNKNOWN;
    return index < sequence.length ? sequence[index] : undefined;
  }

  private call(node: ESTree.CallExpression, depth: number): Evaluation {
    const callee = node.callee as Node;
    const args = node.arguments as Node[];
    if (args.length > MAX_ARRAY_LENGTH) return UNKNOWN;
    const calleePath = this.pathOf(callee, depth + 1);
    if (calleePath) return this.callGlobal(calleePath, args, depth);
    if (callee.type !== 'MemberExpression') return UNKNOWN;
    const method = this.memberKey(callee);
    if (method === null) return UNKNOWN;
    const receiver = this.evaluate(callee.object, depth + 1);
    if (typeof receiver === 'string' && STRING_METHODS.has(method))
      return this.callMethod(receiver, method, args, depth);
    if (Array.isArray(receiver) && ARRAY_METHODS.has(method)) return this.callMethod(receiver, method, args, depth);
    return UNKNOWN;
  }

  /** `String.fromCharCode(…)`, `atob(…)`, and their `.call`/`.apply` forms. */
  private callGlobal(path: GlobalPath, args: readonly Node[], depth: number): Evaluation {
    const last = path[path.length - 1];
    if ((last === 'call' || last === 'apply') && path.length > 1) {
      const fn = PURE_GLOBAL_FUNCTIONS.get(pathKey(path.slice(0, -1)));
      if (!fn) return UNKNOWN;
      if (last === 'call') return this.apply(fn, args.slice(1), depth);
      const list = args.length > 1 ? this.evaluate(args[1], depth + 1) : [];
      if (!Array.isArray(list) || sizeOf(list as StaticValue[]) > MAX_STRING_LENGTH * 2) return UNKNOWN;
      return guard(() => (fn as (...values: unknown[]) => unknown)(...(list as unknown[])));
    }
    const fn = PURE_GLOBAL_FUNCTIONS.get(pathKey(path));
    return fn ? this.apply(fn, args, depth) : UNKNOWN;
  }

  private apply(fn: Pure, args: readonly Node[], depth: number): Evaluation {
    const values = this.arguments(args, depth);
    if (values === UNKNOWN || sizeOf(values) > MAX_STRING_LENGTH * 2) return UNKNOWN;
    return guard(() => (fn as (...values: unknown[]) => unknown)(...values));
  }

  private callMethod(
    receiver: string | readonly StaticValue[],
    method: string,
    args: readonly Node[],
    depth: number,
  ): Evaluation {
    const values = this.arguments(args, depth);
    if (values === UNKNOWN || sizeOf(values) > MAX_STRING_LENGTH * 2) return UNKNOWN;
    if (!withinBounds(receiver, method, values)) return UNKNOWN;
    if (Array.isArray(receiver)) {
      if (method === 'reverse') return [...receiver].reverse();
      if (method === 'join' || method === 'toString') {
        const separator = method === 'join' && values[0] !== undefined ? textOf(values[0]) : ',';
        return separator === null ? UNKNOWN : joinArray(receiver, separator);
      }
    }
    if (typeof receiver === 'string' && (method === 'replace' || method === 'replaceAll')) {
      if (typeof values[0] !== 'string' || typeof values[1] !== 'string') return UNKNOWN;
    }
    const target = receiver as unknown as Record<string, (...values: unknown[]) => unknown>;
    return guard(() => target[method](...values));
  }

  private arguments(args: readonly Node[], depth: number): StaticValue[] | typeof UNKNOWN {
    const values: StaticValue[] = [];
    for (const arg of args) {
      if (arg.type === 'SpreadElement') {
        const spread = this.evaluate(arg.argument, depth + 1);
        if (!Array.isArray(spread)) return UNKNOWN;
        if (spread.length > MAX_ARRAY_LENGTH) return UNKNOWN;
        values.push(...(spread as StaticValue[]));
        continue;
      }
      const value = this.evaluate(arg, depth + 1);
      if (value === UNKNOWN) return UNKNOWN;
      values.push(value);
    }
    return values;
  }
}

function samePath(left: GlobalPath | null, right: GlobalPath | null): GlobalPath | null {
  if (!left || !right) return null;
  return pathKey(left) === pathKey(right) ? left : null;
}
