import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODULE_CONTRACT_LIST } from '../src/module-contracts';
import { ERASURE_CONFIRMATIONS } from '../src/modules/privacy/privacy.contract';
import { configSchema } from '../src/platform/config/config.schema';
import { ErasureRequested } from '../src/shared/contracts/privacy';

const MODULES_DIR = join(__dirname, '..', 'src', 'modules');

/** A module's production source, one string (its specs left out). */
function sourceOf(module: string): string {
  return readdirSync(join(MODULES_DIR, module), { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts') && !file.endsWith('.contract.ts'))
    .map((file) => readFileSync(join(MODULES_DIR, module, file), 'utf8'))
    .join('\n');
}

const constructs = (source: string, name: string) => new RegExp(`\\bnew ${name}\\(`).test(source);

describe("each module's declaration tells the truth about its code", () => {
  it('lists one module per folder of src/modules', () => {
    expect(MODULE_CONTRACT_LIST.map((contract) => contract.name).sort()).toEqual(readdirSync(MODULES_DIR).sort());
  });

  for (const contract of MODULE_CONTRACT_LIST) {
    describe(contract.name, () => {
      const source = sourceOf(contract.name);

      it('declares exactly the settings its code reads', () => {
        const read = Object.keys(configSchema.shape).filter((key) => new RegExp(`\\b${key}\\b`).test(source));
        expect([...contract.settings].sort()).toEqual(read.sort());
      });

      it('declares every event it creates as published', () => {
        const events = MODULE_CONTRACT_LIST.flatMap((other) => other.publishes);
        const created = events.filter((event) => constructs(source, event.name)).map((event) => event.contract.type);
        expect(contract.publishes.map((event) => event.contract.type)).toEqual(expect.arrayContaining(created));
      });

      it("declares every other module's command and query it sends", () => {
        const sent = contract.commands.sends.concat(contract.queries.sends).map((message) => message.name);
        const handledElsewhere = MODULE_CONTRACT_LIST.filter((other) => other !== contract).flatMap((other) => [
          ...other.commands.handles,
          ...other.queries.handles,
        ]);
        const created = handledElsewhere.filter((message) => constructs(source, message.name)).map((m) => m.name);
        expect(sent).toEqual(expect.arrayContaining(created));
      });

      it('erases on request every personal record it does not say it keeps, and confirms it to the privacy module', () => {
        const erasing = Object.entries(contract.subscribers).filter(([, events]) => events.includes(ErasureRequested));
        const erasable = contract.personalData.filter((data) => !data.keptOnErasure).map((data) => data.table);
        const confirms = ERASURE_CONFIRMATIONS.some((event) => event.contract.owner === contract.name);
        if (contract.name === 'privacy') return;
        expect({ subscribes: erasing.length === 1, confirms }).toEqual({
          subscribes: erasable.length > 0,
          confirms: erasable.length > 0,
        });
        if (confirms)
          expect(contract.publishes.map((event) => event.contract.type)).toContain(
            `${contract.name}.personal-data-erased`,
          );
      });

      it('holds personal data only in tables of its own schema that its migrations create', () => {
        const migrations = readdirSync(join(__dirname, '..', 'migrations', contract.name))
          .map((file) => readFileSync(join(__dirname, '..', 'migrations', contract.name, file), 'utf8'))
          .join('\n');
        for (const { table, columns } of contract.personalData) {
          expect(migrations, `${contract.schema}.${table}`).toMatch(
            new RegExp(`CREATE TABLE "${contract.schema}"\\."${table}"`),
          );
          for (const column of columns) expect(migrations, `${table}.${column}`).toContain(`"${column}"`);
        }
      });
    });
  }
});
