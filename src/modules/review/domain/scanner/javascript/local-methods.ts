import type { ESTree } from 'meriyah';
import type { StaticEvaluator } from './static-evaluation';
import { isFunctionLiteral, type MemberExpression, type Node, parentOf } from './syntax';

/**
 * Whether `owner.key` is certainly a function the program wrote itself as an own method of a
 * local object literal: `const parser = { eval(x) { … } }; parser.eval(s)`. The scanner can see
 * that value, so a member named like a dangerous global is not that global there.
 *
 * Certain means: `owner` is a constant, not a property of the global object, initialized with
 * an object literal whose keys are all known, with no spread, that gives `key` exactly one plain
 * function value (not a getter, not a value brought in from elsewhere); and the object never
 * leaves the scanner's sight (every use of `owner` reads a member) nor has that member, or a
 * member whose name is not known, written after it was built.
 */
export function isOwnMethodOfLocalObject(member: MemberExpression, key: string, evaluator: StaticEvaluator): boolean {
  const owner = unwrapped(member.object);
  if (owner.type !== 'Identifier') return false;
  const binding = evaluator.bindingOf(owner);
  if (!binding || !binding.isConstant || binding.isScriptGlobal || binding.initializer?.type !== 'ObjectExpression')
    return false;
  if (!hasOneOwnMethod(binding.initializer, key, evaluator)) return false;
  for (const reference of binding.reads) {
    const use = parentOf(reference);
    if (use?.type !== 'MemberExpression' || use.object !== reference) return false;
    const usedKey = evaluator.memberKey(use);
    if ((usedKey === null || usedKey === key) && isWritten(use)) return false;
  }
  return true;
}

function hasOneOwnMethod(literal: ESTree.ObjectExpression, key: string, evaluator: StaticEvaluator): boolean {
  let methods = 0;
  for (const property of literal.properties) {
    if (property.type !== 'Property') return false;
    const name = evaluator.propertyKey({ key: property.key, computed: property.computed });
    if (name === null) return false;
    if (name !== key) continue;
    if (property.kind !== 'init' || !isFunctionLiteral(property.value)) return false;
    methods++;
  }
  return methods === 1;
}

/** `(parser).eval` and `parser?.eval` name the same owner as `parser.eval`. */
function unwrapped(node: Node): Node {
  return node.type === 'ChainExpression' ? unwrapped(node.expression) : node;
}

/** Whether the member is a target: assigned, updated, deleted or destructured into. */
function isWritten(member: MemberExpression): boolean {
  const parent = parentOf(member);
  if (!parent) return false;
  switch (parent.type) {
    case 'AssignmentExpression':
    case 'AssignmentPattern':
      return parent.left === member;
    case 'UpdateExpression':
      return true;
    case 'UnaryExpression':
      return parent.operator === 'delete';
    case 'ForInStatement':
    case 'ForOfStatement':
      return parent.left === member;
    case 'Property':
      // A property of a pattern is not linked to its pattern; one of an object literal is.
      return parent.value === member && parentOf(parent)?.type !== 'ObjectExpression';
    case 'ArrayPattern':
    case 'RestElement':
      return true;
    default:
      return false;
  }
}
