import { resolve } from 'node:path';
import type { ICruiseResult, IForbiddenRuleType } from 'dependency-cruiser';

/** The repository root (this file lives in scripts/boundaries/). */
export const REPO_ROOT = resolve(__dirname, '..', '..');
export const CONFIG_FILE = resolve(REPO_ROOT, '.dependency-cruiser.js');
const TS_CONFIG_FILE = resolve(REPO_ROOT, 'tsconfig.json');

export interface CruiseRequest {
  /** Directory the cruise runs from; every reported path is relative to it (so it starts with `src/`). */
  baseDir?: string;
  /** Files or folders to cruise, relative to baseDir. */
  targets?: string[];
}

export interface BoundaryCruise {
  result: ICruiseResult;
  /** The forbidden rules exactly as .dependency-cruiser.js declares them (with their rationale). */
  rules: IForbiddenRuleType[];
}

/**
 * Cruises with the rule set and options of .dependency-cruiser.js, the way `depcruise --config` does.
 *
 * dependency-cruiser 17 is published as ES modules only (its package `exports` have no `require`
 * condition) while this repository compiles to CommonJS, so it is loaded with a dynamic import().
 */
export async function cruiseBoundaries(request: CruiseRequest = {}): Promise<BoundaryCruise> {
  const { cruise } = await import('dependency-cruiser');
  const { default: extractDepcruiseOptions } = await import('dependency-cruiser/config-utl/extract-depcruise-options');
  const { default: extractTSConfig } = await import('dependency-cruiser/config-utl/extract-ts-config');

  // The config file name is resolved like a module name: it must be absolute (or start with ./).
  const options = await extractDepcruiseOptions(CONFIG_FILE);
  const reported = await cruise(
    request.targets ?? ['src', 'web', 'sdk'],
    {
      ...options,
      baseDir: request.baseDir ?? REPO_ROOT,
      tsConfig: { fileName: TS_CONFIG_FILE },
    },
    {},
    // The CLI parses the tsconfig itself and hands it to the transpiler; the API leaves that to us.
    { tsConfig: extractTSConfig(TS_CONFIG_FILE) },
  );
  const result = typeof reported.output === 'string' ? (JSON.parse(reported.output) as ICruiseResult) : reported.output;
  return { result, rules: options.ruleSet?.forbidden ?? [] };
}
