import { describe, expect, it } from 'vitest';
import { decodeOffsetCursor, encodeCursor } from './cursor';

describe('offset cursors', () => {
  it('give back the offset they were made from, and 0 without a cursor', () => {
    expect(decodeOffsetCursor(encodeCursor('40'))).toBe(40);
    expect(decodeOffsetCursor(null)).toBe(0);
  });

  it.each(['9223372036854775807', '9007199254740993', '2147483648'])(
    'refuse an offset of %s, which no list of ours reaches, as an invalid cursor',
    (position) => {
      expect(() => decodeOffsetCursor(encodeCursor(position))).toThrow(
        expect.objectContaining({ status: 400, code: 'invalid-cursor' }),
      );
    },
  );
});
