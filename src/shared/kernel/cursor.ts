import { invalid } from './problem';

/** PostgreSQL's bigint ceiling: a larger position is no position of ours. */
const MAX_BIGINT = 9_223_372_036_854_775_807n;

/** Opaque list cursors: a position in base64url, so clients do not build them by hand. */
export const encodeCursor = (position: string): string => Buffer.from(`p:${position}`).toString('base64url');

export function decodeCursor(cursor: string | null): string | null {
  if (!cursor) return null;
  const decoded = Buffer.from(cursor, 'base64url').toString();
  if (!/^p:\d{1,19}$/.test(decoded) || BigInt(decoded.slice(2)) > MAX_BIGINT) throw invalid('invalid-cursor', 'Invalid cursor', 'The cursor is not one this API returned.', [{ pointer: '#/cursor', detail: 'is not a cursor from a previous page' }]);
  return decoded.slice(2);
}
