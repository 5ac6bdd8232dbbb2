import type { GlobalApiRule, InvocationSite } from '../javascript/global-api-catalog';
import { GLOBAL_OBJECT, pathKey } from '../javascript/global-paths';
import type { InspectionContext, JavaScriptRule } from '../javascript/javascript-rule';
import { isOwnMethodOfLocalObject } from '../javascript/local-methods';
import type { StaticEvaluator } from '../javascript/static-evaluation';
import { isFunctionLiteral, type MemberExpression, type Node, startOf } from '../javascript/syntax';
import { isOutsideTheBundle } from './remote-urls';

const EVAL = 'runs a string as code (eval)';
const FUNCTION_CONSTRUCTOR = 'builds a function from a string (the Function constructor)';

/** Global functions whose results are strings, so that a call to them given to a timer is code. */
const STRING_PRODUCERS: ReadonlySet<string> = new Set(
  [
    ['String'],
    ['String', 'fromCharCode'],
    ['String', 'fromCodePoint'],
    ['atob'],
    ['decodeURIComponent'],
    ['unescape'],
  ].map(pathKey),
);
const STRING_METHODS: ReadonlySet<string> = new Set([
  'concat',
  'join',
  'replace',
  'replaceAll',
  'slice',
  'substring',
  'substr',
  'toString',
  'trim',
]);

const globalApis: readonly GlobalApiRule[] = [
  // Code assembled from strings at run time is code nobody reviewed.
  { path: 'eval', misuse: 'invoke', ruleId: 'dynamic-code', message: EVAL },
  { path: 'execScript', misuse: 'invoke', ruleId: 'dynamic-code', message: 'runs a string as code (execScript)' },
  { path: 'Function', misuse: 'invoke', ruleId: 'dynamic-code', message: FUNCTION_CONSTRUCTOR },
  {
    path: 'setTimeout',
    misuse: 'call',
    ruleId: 'dynamic-code',
    message: 'gives setTimeout a string, which runs as code',
    reportsCall: givesCodeAsString,
  },
  {
    path: 'setInterval',
    misuse: 'call',
    ruleId: 'dynamic-code',
    message: 'gives setInterval a string, which runs as code',
    reportsCall: givesCodeAsString,
  },
  // Markup written into the document at run time can carry scripts the scanner never sees.
  {
    path: 'document.write',
    misuse: 'invoke',
    ruleId: 'dynamic-code',
    message: 'writes markup into the document at run time (document.write), which may carry scripts',
  },
  {
    path: 'document.writeln',
    misuse: 'invoke',
    ruleId: 'dynamic-code',
    message: 'writes markup into the document at run time (document.writeln), which may carry scripts',
  },
  // A member of the global object picked at run time can be eval or fetch under any name.
  {
    path: '',
    misuse: 'unresolved-member',
    ruleId: 'dynamic-global-access',
    message: 'uses a member of the global object whose name is computed at run time, which may be any API',
  },
  // A module loaded by a computed name is code the review never saw.
  {
    path: 'require',
    misuse: 'call',
    ruleId: 'dynamic-import',
    message: 'calls require() with a module name computed at run time',
    reportsCall: moduleNameIsComputed,
  },
];

export const dynamicCodeRule: JavaScriptRule = {
  globalApis,
  calleeNames: ['require'],
  memberNames: ['constructor', 'eval', 'execScript', 'contentWindow'],
  inspect(context) {
    inspectMembers(context);
    inspectLocalRequires(context);
    inspectImports(context);
  },
};

function inspectMembers({ analysis, evaluator, flow, reporter }: InspectionContext): void {
  const visit = (member: MemberExpression) => {
    const key = evaluator.memberKey(member);
    if (key === 'constructor') {
      // (() => {}).constructor, x.constructor.constructor, [].map.constructor are all Function.
      if (yieldsAFunction(member.object, evaluator)) flow.follow(member, ['Function']);
    } else if (key === 'contentWindow') {
      // A frame's window is a global object too: frame.contentWindow.eval is eval.
      flow.follow(member, GLOBAL_OBJECT);
    } else if ((key === 'eval' || key === 'execScript') && !isOwnMethodOfLocalObject(member, key, evaluator)) {
      // Unless its owner is a local object the scanner sees, a member named eval is almost always the global one reached indirectly.
      reporter.report(
        'dynamic-code',
        startOf(member),
        `uses a member named ${key}, which may be the global ${key} reached through a value the scanner cannot follow`,
      );
    } else if (key === 'Function' && member.computed && member.property.type !== 'Literal') {
      reporter.report('dynamic-code', startOf(member), 'uses a member whose computed name folds to "Function"');
    }
  };
  for (const member of analysis.namedMembers) visit(member);
  for (const member of analysis.computedMembers) visit(member);
}

/** An expression whose value is certainly a function, so that its `.constructor` is Function. */
function yieldsAFunction(node: Node, evaluator: StaticEvaluator): boolean {
  if (isFunctionLiteral(node) || node.type === 'ClassExpression') return true;
  if (node.type === 'MemberExpression') {
    const key = evaluator.memberKey(node);
    if (key === 'constructor') return true; // x.constructor is a constructor, a function.
    const owner = node.object as Node;
    if (key === '__proto__' && (isFunctionLiteral(owner) || owner.type === 'ClassExpression')) return true;
    // A method of a literal: [].map, ''.big, ({}).toString.
    return key !== null && !key.startsWith('#') && isLiteralValue(owner) && key !== '__proto__' && key !== 'length';
  }
  if (node.type === 'CallExpression' && node.arguments.length === 1) {
    const callee = evaluator.globalPathOf(node.callee);
    const arg = node.arguments[0] as Node;
    const getsPrototype =
      callee !== null && ['Object.getPrototypeOf', 'Reflect.getPrototypeOf'].includes(callee.join('.'));
    return getsPrototype && (isFunctionLiteral(arg) || arg.type === 'ClassExpression');
  }
  return false;
}

function isLiteralValue(node: Node): boolean {
  return (
    node.type === 'ArrayExpression' ||
    node.type === 'ObjectExpression' ||
    node.type === 'Literal' ||
    node.type === 'TemplateLiteral'
  );
}

/** A `require` that is not the global one (a bundler's parameter, say) still loads by name. */
function inspectLocalRequires({ analysis, evaluator, reporter }: InspectionContext): void {
  for (const call of analysis.calls) {
    const callee = call.callee;
    if (callee.type !== 'Identifier' || callee.name !== 'require' || !evaluator.bindingOf(callee)) continue;
    if (moduleNameIsComputed({ node: call, args: call.arguments, evaluator })) {
      reporter.report('dynamic-import', startOf(call), 'calls require() with a module name computed at run time');
    }
  }
}

function inspectImports({ analysis, evaluator, reporter }: InspectionContext): void {
  for (const node of analysis.importExpressions) {
    const specifier = evaluator.stringOf(node.source);
    if (specifier === null)
      reporter.report('dynamic-import', startOf(node), 'imports a module whose name is computed at run time');
    else if (isOutsideTheBundle(specifier))
      reporter.report(
        'dynamic-import',
        startOf(node),
        `imports code from outside the bundle (${specifier.slice(0, 80)})`,
      );
  }
  for (const source of analysis.moduleSources) {
    const specifier = source.value;
    if (typeof specifier === 'string' && isOutsideTheBundle(specifier)) {
      reporter.report(
        'dynamic-import',
        startOf(source),
        `imports code from outside the bundle (${specifier.slice(0, 80)})`,
      );
    }
  }
}

function moduleNameIsComputed({ args, evaluator }: InvocationSite): boolean {
  const name = args?.[0];
  if (!name) return args === null;
  return evaluator.stringOf(name) === null;
}

/** setTimeout('code') — or anything that is text rather than a function. */
function givesCodeAsString({ args, evaluator }: InvocationSite): boolean {
  const handler = args?.[0];
  return handler !== undefined && isStringLike(handler, evaluator, 0);
}

function isStringLike(node: Node, evaluator: StaticEvaluator, depth: number): boolean {
  if (depth > 4) return false;
  switch (node.type) {
    case 'Literal':
    case 'TemplateLiteral':
      return true;
    case 'BinaryExpression':
      return node.operator === '+';
    case 'Identifier': {
      const binding = evaluator.bindingOf(node);
      if (binding?.isConstant && binding.initializer) return isStringLike(binding.initializer, evaluator, depth + 1);
      return evaluator.stringOf(node) !== null;
    }
    case 'CallExpression': {
      const callee = node.callee as Node;
      const path = evaluator.globalPathOf(callee);
      if (path && STRING_PRODUCERS.has(pathKey(path))) return true;
      if (callee.type === 'MemberExpression') {
        const method = evaluator.memberKey(callee);
        return method !== null && STRING_METHODS.has(method);
      }
      return false;
    }
    case 'TaggedTemplateExpression':
    case 'ConditionalExpression':
    case 'LogicalExpression':
      return evaluator.stringOf(node) !== null;
    default:
      return false;
  }
}
