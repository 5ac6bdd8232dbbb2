import type { ESTree } from 'meriyah';
import { pathKey } from '../javascript/global-paths';
import type { InspectionContext, JavaScriptRule } from '../javascript/javascript-rule';
import type { StaticEvaluator } from '../javascript/static-evaluation';
import { type CallExpression, type Node, parentOf, startOf } from '../javascript/syntax';
import type { FindingReporter } from '../finding-sink';

const LONG_STRING = 2_000;
const ENTROPY_MIN_LENGTH = 200;
const HIGH_ENTROPY_BITS = 5;

const DECODERS: ReadonlySet<string> = new Set(
  [['String', 'fromCharCode'], ['String', 'fromCodePoint'], ['atob']].map(pathKey),
);

// Obfuscated code hides what it does from review: packed strings, escaped names, decoded text.
export const obfuscationRule: JavaScriptRule = {
  calleeNames: ['atob'],
  memberNames: ['fromCharCode', 'fromCodePoint'],
  createHooks({ reporter }) {
    return {
      string(node) {
        inspectString(node.value, startOf(node), reporter);
      },
      template(node) {
        for (const quasi of node.quasis) inspectString(quasi.value.cooked ?? quasi.value.raw, startOf(quasi), reporter);
      },
      identifier(node) {
        // \u0065val is eval to the engine and not to a reader (or a grep).
        const written = (node.end ?? 0) - (node.start ?? 0);
        const expected = node.type === 'PrivateIdentifier' ? node.name.length + 1 : node.name.length;
        if (written !== expected)
          reporter.report('obfuscation', startOf(node), `writes the name ${node.name} with unicode escapes`);
      },
    };
  },
  inspect: inspectDecoderChains,
};

function inspectString(value: string, offset: number, reporter: FindingReporter): void {
  if (value.length > LONG_STRING) {
    reporter.report('obfuscation', offset, `has a string literal of ${value.length} characters`);
  } else if (value.length >= ENTROPY_MIN_LENGTH) {
    const bits = shannonEntropy(value);
    if (bits >= HIGH_ENTROPY_BITS)
      reporter.report(
        'obfuscation',
        offset,
        `has a string literal that looks encoded (${bits.toFixed(2)} bits of entropy per character)`,
      );
  }
}

/** Shannon entropy in bits per character (UTF-16 code unit). */
function shannonEntropy(text: string): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * atob(atob(…)), String.fromCharCode(…) + String.fromCharCode(…): text decoded in two or more
 * steps within one expression. Each decoder call climbs to the top of the expression it feeds;
 * an expression fed by two or more decoders is reported once.
 */
function inspectDecoderChains({ analysis, evaluator, reporter }: InspectionContext): void {
  const decoderCalls = new Set<CallExpression>();
  const consider = (call: Node | null) => {
    if (call?.type !== 'CallExpression') return;
    const path = evaluator.globalPathOf(call.callee);
    if (!path) return;
    const last = path[path.length - 1];
    const target = last === 'call' || last === 'apply' ? path.slice(0, -1) : path;
    if (DECODERS.has(pathKey(target))) decoderCalls.add(call);
  };
  for (const call of analysis.calls) consider(call);
  for (const member of analysis.namedMembers) {
    const parent = parentOf(member);
    if (parent?.type === 'CallExpression' && parent.callee === member) consider(parent);
    else if (parent?.type === 'MemberExpression' && parent.object === member) consider(parentOf(parent));
  }
  if (decoderCalls.size < 2) return;
  const decodersPerTop = new Map<Node, number>();
  for (const call of decoderCalls) {
    const top = topOfChain(call, decoderCalls, evaluator);
    decodersPerTop.set(top, (decodersPerTop.get(top) ?? 0) + 1);
  }
  for (const [top, count] of decodersPerTop) {
    if (count >= 2)
      reporter.report(
        'obfuscation',
        startOf(top),
        `decodes text in ${count} chained steps (String.fromCharCode / atob)`,
      );
  }
}

/**
 * Climbs through what combines or transforms a decoded string: `+`, templates, `.concat(…)`,
 * `[…].join()`, a method called on it (`.split('')`), or another decoder around it.
 */
function topOfChain(start: Node, decoderCalls: ReadonlySet<CallExpression>, evaluator: StaticEvaluator): Node {
  let node = start;
  for (;;) {
    const parent = parentOf(node);
    if (!parent) return node;
    const grandparent = parentOf(parent);
    if ((parent.type === 'BinaryExpression' && parent.operator === '+') || parent.type === 'TemplateLiteral')
      node = parent;
    else if (
      parent.type === 'ArrayExpression' &&
      grandparent?.type === 'MemberExpression' &&
      grandparent.object === parent
    )
      node = parent;
    else if (
      parent.type === 'CallExpression' &&
      parent.callee !== node &&
      (decoderCalls.has(parent) || isConcat(parent, evaluator))
    )
      node = parent;
    else if (
      parent.type === 'MemberExpression' &&
      parent.object === node &&
      grandparent?.type === 'CallExpression' &&
      grandparent.callee === parent
    )
      node = grandparent;
    else return node;
  }
}

function isConcat(call: ESTree.CallExpression, evaluator: StaticEvaluator): boolean {
  return call.callee.type === 'MemberExpression' && evaluator.memberKey(call.callee) === 'concat';
}
