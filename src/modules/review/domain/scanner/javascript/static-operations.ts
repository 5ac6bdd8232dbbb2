import type { ESTree } from 'meriyah';

/** Values, bounds and operators of the static evaluator (see StaticEvaluator). */

export type StaticValue = string | number | boolean | null | undefined | readonly StaticValue[];
export const UNKNOWN: unique symbol = Symbol('unknown');
export type Evaluation = StaticValue | typeof UNKNOWN;

export const MAX_STRING_LENGTH = 10_000;
export const MAX_ARRAY_LENGTH = 10_000;

export function literalValue(node: ESTree.Literal): Evaluation {
  if ('regex' in node || 'bigint' in node) return UNKNOWN;
  const value: unknown = node.value;
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return value;
  return UNKNOWN;
}

/** Refuses calls whose result could exceed the bounds before they are made. */
export function withinBounds(
  receiver: string | readonly StaticValue[],
  method: string,
  args: readonly StaticValue[],
): boolean {
  const limit = MAX_STRING_LENGTH * 2;
  switch (method) {
    case 'repeat':
      return typeof args[0] === 'number' && args[0] >= 0 && args[0] * receiver.length <= limit;
    case 'padStart':
    case 'padEnd':
      return typeof args[0] === 'number' && args[0] <= limit;
    case 'replace':
    case 'replaceAll': {
      // No `$` patterns: a replacement then adds at most its own length per match.
      const replacement = args[1];
      if (typeof replacement !== 'string' || replacement.includes('$')) return false;
      return (receiver.length + 1) * replacement.length + receiver.length <= limit;
    }
    case 'concat':
      return sizeOf(receiver) + args.reduce<number>((total, arg) => total + sizeOf(arg), 0) <= limit;
    case 'join':
    case 'toString': {
      const separator = method === 'join' && typeof args[0] === 'string' ? args[0].length : 1;
      return sizeOf(receiver) + receiver.length * separator <= limit;
    }
    default:
      return true;
  }
}

/** An upper bound of the length of a value once turned into text. */
export function sizeOf(value: StaticValue): number {
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) {
    let total = 0;
    for (const item of value as StaticValue[]) total += (typeof item === 'string' ? item.length : 24) + 1;
    return total;
  }
  return 24;
}

export function guard(compute: () => unknown): Evaluation {
  try {
    return toStatic(compute());
  } catch {
    return UNKNOWN;
  }
}

function toStatic(value: unknown): Evaluation {
  if (typeof value === 'string') return value.length > MAX_STRING_LENGTH ? UNKNOWN : value;
  if (value === null || value === undefined || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value) && value.length <= MAX_ARRAY_LENGTH) {
    const items: StaticValue[] = [];
    for (const item of value) {
      const converted = toStatic(item);
      if (converted === UNKNOWN || Array.isArray(converted)) return UNKNOWN;
      items.push(converted);
    }
    return items;
  }
  return UNKNOWN;
}

export function joinArray(items: readonly StaticValue[], separator: string): Evaluation {
  const text = items.map((item) => (item === null || item === undefined ? '' : String(item))).join(separator);
  return text.length > MAX_STRING_LENGTH ? UNKNOWN : text;
}

/** The value as JavaScript would turn it into text, or null when that text would be too long. */
export function textOf(value: StaticValue): string | null {
  if (!Array.isArray(value)) return String(value);
  if (sizeOf(value) > MAX_STRING_LENGTH * 2) return null;
  const text = joinArray(value as StaticValue[], ',');
  return text === UNKNOWN ? null : (text as string);
}

function asNumber(value: StaticValue): number {
  if (!Array.isArray(value)) return Number(value);
  const text = textOf(value);
  return text === null ? Number.NaN : Number(text);
}

export function binary(operator: string, left: Evaluation, evaluateRight: () => Evaluation): Evaluation {
  if (left === UNKNOWN) return UNKNOWN;
  const right = evaluateRight();
  if (right === UNKNOWN) return UNKNOWN;
  switch (operator) {
    case '+': {
      if (typeof left === 'string' || typeof right === 'string' || Array.isArray(left) || Array.isArray(right)) {
        const leftText = textOf(left);
        const rightText = textOf(right);
        if (leftText === null || rightText === null || leftText.length + rightText.length > MAX_STRING_LENGTH)
          return UNKNOWN;
        return leftText + rightText;
      }
      return asNumber(left) + asNumber(right);
    }
    case '-':
      return asNumber(left) - asNumber(right);
    case '*':
      return asNumber(left) * asNumber(right);
    case '/':
      return asNumber(left) / asNumber(right);
    case '%':
      return asNumber(left) % asNumber(right);
    case '**':
      return asNumber(left) ** asNumber(right);
    case '|':
      return asNumber(left) | asNumber(right);
    case '&':
      return asNumber(left) & asNumber(right);
    case '^':
      return asNumber(left) ^ asNumber(right);
    case '<<':
      return asNumber(left) << asNumber(right);
    case '>>':
      return asNumber(left) >> asNumber(right);
    case '>>>':
      return asNumber(left) >>> asNumber(right);
    case '===':
    case '!==':
    case '==':
    case '!=': {
      if (Array.isArray(left) || Array.isArray(right)) return UNKNOWN;
      const equal = operator.length === 3 ? left === right : left == right;
      return operator.startsWith('!') ? !equal : equal;
    }
    default:
      return UNKNOWN;
  }
}

export function unary(operator: string, argument: Evaluation): Evaluation {
  if (operator === 'void') return undefined;
  if (argument === UNKNOWN) return UNKNOWN;
  switch (operator) {
    case '-':
      return -asNumber(argument);
    case '+':
      return asNumber(argument);
    case '~':
      return ~asNumber(argument);
    case '!':
      return !argument;
    case 'typeof':
      return Array.isArray(argument) || argument === null ? 'object' : typeof argument;
    default:
      return UNKNOWN;
  }
}
