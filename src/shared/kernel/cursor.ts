import { invalid } from './problem';

/** PostgreSQL's bigint ceiling: a larger position is no position of ours. */
const MAX_BIGINT = 9_223_372_036_854_775_807n;

/** Opaque list cursors: a position in base64url, so clients do not build them by hand. */
export const encodeCursor = (position: string): string => Buffer.from(`p:${position}`).toString('base64url');

const invalidCursor = () =>
  invalid('invalid-cursor', 'Invalid cursor', 'The cursor is not one this API returned.', [
    { pointer: '#/cursor', detail: 'is not a cursor from a previous page' },
  ]);

export function decodeCursor(cursor: string | null): string | null {
  if (!cursor) return null;
  const decoded = Buffer.from(cursor, 'base64url').toString();
  if (!/^p:\d{1,19}$/.test(decoded) || BigInt(decoded.slice(2)) > MAX_BIGINT) throw invalidCursor();
  return decoded.slice(2);
}

/**
 * No list of ours pages past this many rows by offset; the bound keeps `offset + limit` exact as
 * a Number (a position near 2^63 would round past PostgreSQL's bigint and fail there).
 */
const MAX_OFFSET = 2 ** 31 - 1;

/** An offset cursor (`encodeCursor(String(offset))`) as the offset it stands for; 0 without one. */
export function decodeOffsetCursor(cursor: string | null): number {
  const offset = Number(decodeCursor(cursor) ?? 0);
  if (offset > MAX_OFFSET) throw invalidCursor();
  return offset;
}
