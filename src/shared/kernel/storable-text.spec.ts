import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { findUnstorableText } from './storable-text';

describe('text PostgreSQL can store', () => {
  it('accepts any well-formed text, characters outside the BMP (surrogate pairs) included', () => {
    expect(
      findUnstorableText({ name: 'Café 😀 𝄞', tags: ['日本語', ''], nested: { n: 1, ok: true, none: null } }),
    ).toBeUndefined();
  });

  it.each([
    ['a NUL', { a: 'x\u0000' }, '#/a'],
    ['a lone high surrogate', { a: ['ok', 'x\ud83d'] }, '#/a/1'],
    ['a lone low surrogate', { a: { b: '\ude00y' } }, '#/a/b'],
    ['a reversed pair', { a: '\ude00\ud83d' }, '#/a'],
  ])('finds %s and points at it', (_case, value, pointer) => {
    expect(findUnstorableText(value)).toEqual({ pointer, detail: expect.any(String) });
  });

  it('escapes the pointer as JSON Pointer does, and shows an offending key with U+FFFD', () => {
    expect(findUnstorableText({ 'a/b~c': '\u0000' })?.pointer).toBe('#/a~1b~0c');
    expect(findUnstorableText({ ['k\u0000']: 'v' })?.pointer).toBe('#/k\ufffd');
  });

  it('looks only into parsed JSON, not into a body passed on as a stream (a gateway forwards those untouched)', () => {
    const stream = new PassThrough();
    (stream as unknown as { note: string }).note = 'x\u0000';
    expect(findUnstorableText(stream)).toBeUndefined();
    expect(findUnstorableText({ nested: stream })).toBeUndefined();
    expect(findUnstorableText(Buffer.from('x\u0000'))).toBeUndefined();
    // A query string parsed into an object of a prototype of its own is still looked into.
    const query = Object.create(Object.create(null) as object) as Record<string, string>;
    query.q = 'x\u0000';
    expect(findUnstorableText(query)?.pointer).toBe('#/q');
  });
});
