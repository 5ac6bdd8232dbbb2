import { describe, expect, it } from 'vitest';
import { MODULE_CONTRACT_LIST } from '../src/module-contracts';
import { EXPORT_QUERIES, NOT_EXPORTED } from '../src/modules/privacy/application/export-sections';
import { privacyContract } from '../src/modules/privacy/privacy.contract';

/** A person's data export forgets no module that keeps personal data (GDPR Art. 15 and 20). */
describe('the data export covers every module that holds personal data', () => {
  for (const contract of MODULE_CONTRACT_LIST.filter((c) => c.personalData.length > 0)) {
    it(`${contract.name} gives a section through a query it handles, or is listed with the reason it cannot`, () => {
      const query = EXPORT_QUERIES[contract.name];
      if (query) {
        expect(NOT_EXPORTED[contract.name]).toBeUndefined();
        expect(contract.queries.handles).toContain(query);
      } else {
        expect(NOT_EXPORTED[contract.name], `${contract.name} keeps personal data and gives no section`).toMatch(
          /^.{20,}$/,
        );
      }
    });
  }

  it('asks only modules that exist, and privacy declares every query it sends for it', () => {
    const names = MODULE_CONTRACT_LIST.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining([...Object.keys(EXPORT_QUERIES), ...Object.keys(NOT_EXPORTED)]));
    for (const query of Object.values(EXPORT_QUERIES)) expect(privacyContract.queries.sends).toContain(query);
  });

  it('lists a module without personal data in neither list', () => {
    for (const contract of MODULE_CONTRACT_LIST.filter((c) => c.personalData.length === 0)) {
      expect(EXPORT_QUERIES[contract.name]).toBeUndefined();
      expect(NOT_EXPORTED[contract.name]).toBeUndefined();
    }
  });
});
