import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { MODULE_CONTRACT_LIST } from '../../src/module-contracts';

/** Each module owns the PostgreSQL schema its declaration names (the bus module's is `bus`). */
export const SCHEMA_OF_MODULE: Record<string, string> = Object.fromEntries(
  MODULE_CONTRACT_LIST.map((contract) => [contract.name, contract.schema]),
);

const KNOWN_SCHEMAS = new Set(Object.values(SCHEMA_OF_MODULE));

/**
 * The schemas a piece of SQL names, in any of the spellings a migration uses:
 * `"wallet"."accounts"`, `wallet.accounts`, `CREATE SCHEMA "wallet"`, `REFERENCES wallet.x`.
 */
export function schemasNamedIn(sql: string): Set<string> {
  const found = new Set<string>();
  const qualified = /"?([a-z_][a-z0-9_-]*)"?\s*\.\s*"?[a-z_][a-z0-9_]*"?/gi;
  for (const match of sql.matchAll(qualified)) {
    const name = match[1].toLowerCase();
    if (KNOWN_SCHEMAS.has(name) || name === 'public') found.add(name);
  }
  for (const match of sql.matchAll(/SCHEMA\s+(?:IF\s+(?:NOT\s+)?EXISTS\s+)?"?([a-z_][a-z0-9_]*)"?/gi))
    found.add(match[1].toLowerCase());
  return found;
}

/**
 * Statements that create or change a table or index without naming its schema: they would
 * land in `public` (or wherever search_path points), outside every module.
 */
export function unqualifiedObjects(sql: string): string[] {
  const statements =
    /\b(CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:IF\s+NOT\s+EXISTS\s+)?"?\w+"?\s+ON|(?:CREATE|ALTER|DROP)\s+TABLE(?:\s+IF\s+(?:NOT\s+)?EXISTS)?|REFERENCES|INSERT\s+INTO|UPDATE(?!\s+(?:OR|ON|OF)\b)|DELETE\s+FROM)\s+("?[\w-]+"?(?:\s*\.\s*"?\w+"?)?)/gi;
  return [...sql.matchAll(statements)].filter((m) => !m[2].includes('.')).map((m) => `${m[1]} ${m[2]}`);
}

export interface MigrationFile {
  module: string;
  path: string;
  source: string;
}

/** Every migration file, with the module folder it lives in. */
export function migrationFiles(root: string): MigrationFile[] {
  const files: MigrationFile[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    for (const file of readdirSync(join(root, entry.name))) {
      const path = join(root, entry.name, file);
      files.push({
        module: entry.name,
        path: relative(process.cwd(), path).split(sep).join('/'),
        source: readFileSync(path, 'utf8'),
      });
    }
  }
  return files;
}
