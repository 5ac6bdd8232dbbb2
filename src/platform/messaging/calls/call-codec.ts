/**
 * JSON for values that cross processes in a call (a command's fields, a query's answer): Dates,
 * bigints, byte buffers and `undefined` fields come back as they left. Hand-written: the libraries
 * that do this (superjson, devalue) are ESM-only, which this CommonJS build cannot load on Node 20.
 */
type Tagged = { $date: string } | { $bigint: string } | { $bytes: string };

export function encodeValue(value: unknown): unknown {
  if (value instanceof Date) return { $date: value.toISOString() };
  if (typeof value === 'bigint') return { $bigint: value.toString() };
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return { $bytes: Buffer.from(value).toString('base64') };
  if (Array.isArray(value)) return value.map(encodeValue);
  if (value && typeof value === 'object') {
    const fields = Object.fromEntries(
      Object.entries(value)
        .filter(([, field]) => field !== undefined && typeof field !== 'function')
        .map(([key, field]) => [key, encodeValue(field)]),
    );
    // Data that only looks like a tag (a mini-app's stored JSON may be anything) crosses wrapped, as data.
    const keys = Object.keys(fields);
    return keys.length === 1 && keys[0].startsWith('$') ? { $object: fields } : fields;
  }
  return value;
}

export function decodeValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeValue);
  if (!value || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const tagged = value as Partial<Record<string, string>> & Tagged;
    if ('$date' in tagged && typeof tagged.$date === 'string') return new Date(tagged.$date);
    if ('$bigint' in tagged && typeof tagged.$bigint === 'string') return BigInt(tagged.$bigint);
    if ('$bytes' in tagged && typeof tagged.$bytes === 'string') return Buffer.from(tagged.$bytes, 'base64');
    const wrapped = (value as { $object?: unknown }).$object;
    if (wrapped && typeof wrapped === 'object' && !Array.isArray(wrapped))
      return Object.fromEntries(Object.entries(wrapped).map(([key, field]) => [key, decodeValue(field)]));
  }
  return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, decodeValue(field)]));
}
