import { invalid } from '../../shared/kernel/problem';

/**
 * PostgreSQL cannot store U+0000 in text or jsonb, so a NUL anywhere in a JSON body would end
 * as a database error. Refuse it at the door, naming the field.
 */
export function assertNoNulCharacters(body: unknown): void {
  const pointer = findNul(body, '#', 0);
  if (pointer) throw invalid('validation', 'Invalid request', 'Text may not contain the NUL character.', [{ pointer, detail: 'contains a NUL character' }]);
}

function findNul(value: unknown, pointer: string, depth: number): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? pointer : undefined;
  if (depth > 64 || value === null || typeof value !== 'object') return undefined;
  for (const [key, child] of Object.entries(value)) {
    const childPointer = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (key.includes('\u0000')) return childPointer;
    const found = findNul(child, childPointer, depth + 1);
    if (found) return found;
  }
  return undefined;
}
