import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODULE_CONTRACT_LIST } from '../src/module-contracts';
import { migrationFiles, SCHEMA_OF_MODULE, schemasNamedIn, unqualifiedObjects } from './support/schema-ownership';
import { startTestApp, type TestApp } from './support/test-app';

const MODULES_DIR = join(__dirname, '..', 'src', 'modules');
const MIGRATIONS_DIR = join(__dirname, '..', 'migrations');

/** Which module each entity class was declared in, found by importing every *.entity.ts under src/modules. */
async function entityOwners(): Promise<Map<unknown, string>> {
  const owners = new Map<unknown, string>();
  for (const module of readdirSync(MODULES_DIR)) {
    const infrastructure = join(MODULES_DIR, module, 'infrastructure');
    let files: string[];
    try {
      files = readdirSync(infrastructure, { recursive: true })
        .map(String)
        .filter((f) => f.endsWith('.entity.ts'));
    } catch {
      continue;
    }
    for (const file of files) {
      const exported = (await import(join(infrastructure, file))) as Record<string, unknown>;
      for (const value of Object.values(exported)) if (typeof value === 'function') owners.set(value, module);
    }
  }
  return owners;
}

describe('data ownership', () => {
  let t: TestApp;
  let dataSource: DataSource;
  beforeAll(async () => {
    t = await startTestApp();
    dataSource = t.app.get(DataSource);
  });
  afterAll(() => t?.close());

  it("maps every entity of a module to that module's own schema", async () => {
    const owners = await entityOwners();
    expect(dataSource.entityMetadatas.length).toBeGreaterThan(0);
    for (const metadata of dataSource.entityMetadatas) {
      const module = owners.get(metadata.target);
      expect(module, `${metadata.name} is not declared in src/modules/<module>/infrastructure`).toBeDefined();
      expect(metadata.schema, `${metadata.name} of module ${module}`).toBe(SCHEMA_OF_MODULE[module!]);
    }
  });

  it('has no foreign key or relation that crosses schemas', () => {
    for (const metadata of dataSource.entityMetadatas) {
      for (const relation of metadata.relations) {
        expect(relation.inverseEntityMetadata.schema, `${metadata.name}.${relation.propertyName}`).toBe(
          metadata.schema,
        );
      }
    }
  });

  it('keeps every migration inside the schema of the folder it lives in', () => {
    const files = migrationFiles(MIGRATIONS_DIR);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const schema = SCHEMA_OF_MODULE[file.module];
      expect(schema, `${file.path}: migrations/${file.module} is not a module folder`).toBeDefined();
      expect([...schemasNamedIn(file.source)], file.path).toEqual([schema]);
      expect(unqualifiedObjects(file.source), file.path).toEqual([]);
    }
  });

  it("spots a migration that reaches into another module's schema", () => {
    const trespass = `CREATE TABLE "identity"."x" (id uuid); ALTER TABLE wallet.accounts ADD COLUMN y int`;
    expect([...schemasNamedIn(trespass)].sort()).toEqual(['identity', 'wallet']);
  });

  it('spots a migration that creates a table or index without naming a schema', () => {
    const homeless = `CREATE TABLE users (id uuid); CREATE INDEX "users_idx" ON users ("id"); CREATE TABLE "identity"."ok" (id uuid)`;
    expect(unqualifiedObjects(homeless)).toEqual(['CREATE TABLE users', 'CREATE INDEX "users_idx" ON users']);
  });

  it('has every column of every module declared, as personal data or not, so the record of processing is whole', async () => {
    const columns: Array<{ table_schema: string; table_name: string; column_name: string }> = await dataSource.query(
      `SELECT table_schema, table_name, column_name FROM information_schema.columns WHERE table_schema = ANY($1)`,
      [MODULE_CONTRACT_LIST.map((contract) => contract.schema)],
    );
    const declared = new Set(
      MODULE_CONTRACT_LIST.flatMap(({ schema, personalData, otherColumns }) => [
        ...personalData.flatMap(({ table, columns }) => columns.map((column) => `${schema}.${table}.${column}`)),
        ...Object.entries(otherColumns).flatMap(([table, names]) =>
          names.map((column) => `${schema}.${table}.${column}`),
        ),
      ]),
    );
    const inDatabase = new Set(columns.map((c) => `${c.table_schema}.${c.table_name}.${c.column_name}`));
    expect(
      [...inDatabase].filter((column) => !declared.has(column)),
      'columns no declaration says are personal or not',
    ).toEqual([]);
    expect(
      [...declared].filter((column) => !inDatabase.has(column)),
      'declared columns the database lacks',
    ).toEqual([]);
  });

  it('leaves nothing for the entities to add once the migrations have run (no drift)', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });
});
