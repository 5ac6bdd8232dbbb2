import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderModuleMap, withModuleMap } from '../scripts/docs/module-map';
import { MODULE_CONTRACT_LIST } from '../src/module-contracts';
import { describeModules } from '../src/platform/messaging/module-view';

describe("the README's module map", () => {
  it('is the one the declarations make (run `npm run docs:module-map` after changing a declaration)', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    expect(readme).toBe(withModuleMap(readme, renderModuleMap(describeModules(MODULE_CONTRACT_LIST))));
  });
});
