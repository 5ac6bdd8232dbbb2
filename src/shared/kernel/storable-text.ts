import type { FieldError } from './problem';

/**
 * Text PostgreSQL cannot store faithfully: U+0000 (refused in text and jsonb) and a lone UTF-16
 * surrogate (no UTF-8 form: the driver would send U+FFFD instead, and jsonb refuses its `\ud800`
 * escape). No well-formed Unicode text contains either, so they are refused wherever text comes in.
 */
const UNSTORABLE = /[\u0000\p{Cs}]/u;

/** Nesting deeper than any request or manifest of ours needs; JSON bodies deeper than this are refused while parsing. */
export const MAX_JSON_DEPTH = 64;

/** The first string (or object key) in `value` holding unstorable text, under its JSON pointer from `root`. */
export function findUnstorableText(value: unknown, root = '#'): FieldError | undefined {
  const pointer = find(value, root, 0);
  return pointer === undefined ? undefined : { pointer, detail: 'contains a NUL character or a lone UTF-16 surrogate' };
}

function find(value: unknown, pointer: string, depth: number): string | undefined {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? pointer : undefined;
  if (depth > MAX_JSON_DEPTH || !isJsonContainer(value)) return undefined;
  for (const [key, child] of Object.entries(value)) {
    // The pointer is echoed in the answer: the offending character itself is shown as U+FFFD.
    const childPointer = `${pointer}/${key
      .replace(/~/g, '~0')
      .replace(/\//g, '~1')
      .replace(/[\u0000\p{Cs}]/gu, '\ufffd')}`;
    if (UNSTORABLE.test(key)) return childPointer;
    const found = find(child, childPointer, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * Parsed input is arrays and objects of data (a query string's may have a prototype of their own);
 * a body passed on as a stream (to a proxy) or as bytes is not text to look into.
 */
function isJsonContainer(value: unknown): value is object {
  if (value === null || typeof value !== 'object') return false;
  return typeof (value as { pipe?: unknown }).pipe !== 'function' && !ArrayBuffer.isView(value);
}
