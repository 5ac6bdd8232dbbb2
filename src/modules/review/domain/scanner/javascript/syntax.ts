import type { ESTree } from 'meriyah';

/** ESTree as meriyah (and acorn) emit it, with `start`/`end` offsets on every node. */
export type Node = ESTree.Node;
export type Expression = ESTree.Expression;
export type Identifier = ESTree.Identifier;
export type MemberExpression = ESTree.MemberExpression;
export type CallExpression = ESTree.CallExpression;

/** The analysis links every node to its parent, so that a value can be followed outwards. */
interface Linked {
  parent?: Node | null;
}

export function setParent(node: Node, parent: Node | null): void {
  (node as Linked).parent = parent;
}

export function parentOf(node: Node): Node | null {
  return (node as Linked).parent ?? null;
}

export function startOf(node: Node): number {
  return node.start ?? 0;
}

export function isFunctionLiteral(node: Node): node is ESTree.FunctionExpression | ESTree.ArrowFunctionExpression {
  return node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression';
}
