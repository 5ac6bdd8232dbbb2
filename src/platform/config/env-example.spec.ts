import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema } from './config.schema';

const example = readFileSync(join(__dirname, '..', '..', '..', '.env.example'), 'utf8');
/** `# NAME=value  # comment` → NAME → value */
const documented = new Map(
  [...example.matchAll(/^# ([A-Z][A-Z0-9_]*)=(\S*)/gm)].map(([, name, value]) => [name, value]),
);

describe('.env.example', () => {
  it('lists every setting the platform reads, and nothing it does not', () => {
    expect([...documented.keys()].sort()).toEqual(Object.keys(configSchema.shape).sort());
  });

  it('gives each setting the default the schema has', () => {
    for (const [name, field] of Object.entries(configSchema.shape)) {
      const parsed = field.safeParse(undefined);
      const schemaDefault = parsed.success && parsed.data !== undefined ? parsed.data : undefined;
      const shown = documented.get(name)!;
      if (schemaDefault === undefined) expect(shown, name).toBe('');
      else expect(field.parse(shown), name).toEqual(schemaDefault);
    }
  });
});
