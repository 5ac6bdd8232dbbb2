import { configure } from 'safe-stable-stringify';

const stringify = configure({ deterministic: true, bigint: false, circularValue: Error });

/** JSON with object keys sorted at every level: the same value always gives the same text, whatever order it was built in. */
export function canonicalJson(value: unknown): string {
  const text = stringify(value);
  if (text === undefined) throw new TypeError('not JSON-serialisable');
  return text;
}
