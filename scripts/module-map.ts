/**
 * `npm run docs:module-map`: rewrites the README's module map (between its markers) from the
 * modules' declarations (src/module-contracts.ts). test/module-map.spec.ts fails when it is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { MODULE_CONTRACT_LIST } from '../src/module-contracts';
import { describeModules } from '../src/platform/messaging/module-view';
import { renderModuleMap, withModuleMap } from './docs/module-map';

const readme = resolve(__dirname, '..', 'README.md');
const before = readFileSync(readme, 'utf8');
const after = withModuleMap(before, renderModuleMap(describeModules(MODULE_CONTRACT_LIST)));
if (after !== before) writeFileSync(readme, after);
console.log(after === before ? 'README.md: the module map is up to date' : 'README.md: module map rewritten');
