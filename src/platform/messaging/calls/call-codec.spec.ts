import { describe, expect, it } from 'vitest';
import { decodeValue, encodeValue } from './call-codec';

const roundTrip = (value: unknown) => decodeValue(JSON.parse(JSON.stringify(encodeValue(value))));

describe('values crossing processes in a call', () => {
  it('come back with their dates, big integers and bytes as they left', () => {
    const value = {
      at: new Date('2026-01-02T03:04:05.678Z'),
      amount: 12345678901234567890n,
      archive: Buffer.from([0, 1, 254, 255]),
      rows: [
        { id: 'a', closedAt: null },
        { id: 'b', closedAt: new Date(0) },
      ],
      nested: { count: 3, ok: true, name: 'x' },
    };
    expect(roundTrip(value)).toEqual(value);
  });

  it('drop undefined fields, as JSON does, so the receiver sees them unset', () => {
    expect(roundTrip({ a: 1, b: undefined })).toEqual({ a: 1 });
  });

  it('leave data that only looks like a tag as it was (a mini-app may store anything)', () => {
    for (const value of [
      { $date: 5 },
      { $date: 'x', other: 1 },
      { $bigint: 'not a number' },
      { $date: '2026-01-01T00:00:00Z' },
      { $bytes: 'aGVsbG8=' },
      { $object: { a: 1 } },
      { stored: [{ $bigint: '1' }] },
    ])
      expect(roundTrip(value)).toEqual(value);
  });
});
