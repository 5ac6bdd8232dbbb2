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
  const keys = find(value, 0);
  if (!keys) return undefined;
  const pointer = root + keys.map((key) => `/${escaped(key)}`).join('');
  return { pointer, detail: 'contains a NUL character or a lone UTF-16 surrogate' };
}

/** The keys down to the first unstorable text (none: `value` itself), or undefined; pointers are built only for a find. */
function find(value: unknown, depth: number): string[] | undefined {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? [] : undefined;
  if (depth > MAX_JSON_DEPTH || !isJsonContainer(value)) return undefined;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (UNSTORABLE.test(key)) return [key];
    const found = find(record[key], depth + 1);
    if (found) {
      found.unshift(key);
      return found;
    }
  }
  return undefined;
}

/** A key as a JSON pointer segment; the pointer is echoed in the answer, so the offending character itself is shown as U+FFFD. */
function escaped(key: string): string {
  return key
    .replace(/~/g, '~0')
    .replace(/\//g, '~1')
    .replace(/[\u0000\p{Cs}]/gu, '\ufffd');
}

/**
 * Parsed input is arrays and objects of data (a query string's may have a prototype of their own);
 * a body passed on as a stream (to a proxy) or as bytes is not text to look into.
 */
function isJsonContainer(value: unknown): value is object {
  if (value === null || typeof value !== 'object') return false;
  return typeof (value as { pipe?: unknown }).pipe !== 'function' && !ArrayBuffer.isView(value);
}
