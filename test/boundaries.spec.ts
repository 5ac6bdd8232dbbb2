import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IViolation } from 'dependency-cruiser';
import { cruiseBoundaries, REPO_ROOT, type BoundaryCruise } from '../scripts/boundaries/cruise';

/**
 * Proves that the rules of .dependency-cruiser.js catch what docs/architecture.md forbids.
 * The violations are planted in test/fixtures/boundaries/src (a miniature src tree) so the real
 * tree stays clean; the cruise runs from test/fixtures/boundaries so that paths start with `src/`.
 */
const FIXTURES = resolve(REPO_ROOT, 'test/fixtures/boundaries');
const MODULE = 'src/modules/alpha';

let cruised: BoundaryCruise;
beforeAll(async () => {
  cruised = await cruiseBoundaries({ baseDir: FIXTURES, targets: ['src', 'web'] });
}, 60_000);

const violationsFrom = (from: string): IViolation[] =>
  cruised.result.summary.violations.filter((violation) => violation.from === from);

/** The rule names reported for the dependency from → (a `to` ending in toSuffix). */
function rulesFor(from: string, toSuffix: string): string[] {
  return violationsFrom(from)
    .filter((violation) => violation.to.endsWith(toSuffix))
    .map((violation) => violation.rule.name);
}

describe('code boundaries (.dependency-cruiser.js)', () => {
  it('reports a module that imports another module', () => {
    expect(rulesFor(`${MODULE}/application/uses-beta.ts`, 'src/modules/beta/domain/beta-thing.ts')).toEqual([
      'no-cross-module-import',
    ]);
  });

  it('reports shared code that imports platform code', () => {
    expect(rulesFor('src/shared/uses-platform.ts', 'src/platform/clock.ts')).toEqual(['shared-is-pure']);
  });

  it('reports platform code that imports a module', () => {
    expect(rulesFor('src/platform/uses-module.ts', 'src/modules/beta/domain/beta-thing.ts')).toEqual([
      'platform-knows-no-module',
    ]);
  });

  it('lets the shell use the bridge wire schemas, and nothing else of the server', () => {
    expect(violationsFrom('web/shell/src/uses-wire.ts')).toEqual([]);
    expect(rulesFor('web/shell/src/uses-platform.ts', 'src/platform/clock.ts')).toEqual([
      'front-end-sees-only-wire-types',
    ]);
  });

  it('reports server code that imports the front end', () => {
    expect(rulesFor('src/platform/uses-shell.ts', 'web/shell/src/uses-wire.ts')).toEqual(['server-knows-no-front-end']);
  });

  it('reports a circular dependency with its cycle', () => {
    const [cycle] = cruised.result.summary.violations.filter((violation) => violation.rule.name === 'no-circular');
    expect(cycle?.cycle?.map((step) => step.name).sort()).toEqual([
      'src/platform/cycle-a.ts',
      'src/platform/cycle-b.ts',
    ]);
  });

  it('reports a domain file that imports NestJS', () => {
    expect(rulesFor(`${MODULE}/domain/uses-nest.ts`, 'node_modules/@nestjs/common/index.js')).toEqual([
      'domain-is-framework-free',
    ]);
  });

  it('reports a domain file that imports only a type from TypeORM', () => {
    expect(violationsFrom(`${MODULE}/domain/uses-typeorm-type.ts`).map((violation) => violation.rule.name)).toEqual([
      'domain-is-framework-free',
    ]);
  });

  it("reports a domain file that imports its own module's infrastructure", () => {
    expect(
      rulesFor(`${MODULE}/domain/uses-own-infrastructure.ts`, `${MODULE}/infrastructure/alpha.repository.ts`),
    ).toEqual(['domain-is-framework-free']);
  });

  it('reports a domain file that imports platform code', () => {
    expect(rulesFor(`${MODULE}/domain/uses-platform.ts`, 'src/platform/clock.ts')).toEqual([
      'domain-is-framework-free',
    ]);
  });

  it('reports a use case that imports an adapter instead of its port', () => {
    expect(rulesFor(`${MODULE}/application/uses-adapter.ts`, `${MODULE}/infrastructure/alpha.repository.ts`)).toEqual([
      'application-behind-ports',
    ]);
  });

  it('reports a use case that imports its api layer', () => {
    expect(rulesFor(`${MODULE}/application/uses-api.ts`, `${MODULE}/api/alpha.controller.ts`)).toEqual([
      'application-not-api',
    ]);
  });

  it('reports an import that cannot be resolved', () => {
    expect(rulesFor('src/platform/requires-missing.js', './no-such-file')).toEqual(['not-to-unresolvable']);
  });

  it('reports production code that imports a devDependency', () => {
    expect(violationsFrom('src/platform/uses-vitest.ts').map((violation) => violation.rule.name)).toEqual([
      'not-to-dev-dep',
    ]);
  });

  it('reports a package that is not declared in package.json', () => {
    expect(rulesFor('src/platform/uses-transitive.ts', 'node_modules/tslib/tslib.js')).toEqual(['no-non-package-json']);
  });

  it('lets a spec next to domain code import vitest', () => {
    expect(violationsFrom(`${MODULE}/domain/alpha-rule.spec.ts`)).toEqual([]);
  });

  it('accepts a use case that imports its own domain, shared, platform and production packages', () => {
    expect(violationsFrom(`${MODULE}/application/clean-use-case.ts`)).toEqual([]);
  });

  it('reports nothing beyond the planted violations', () => {
    const reported = cruised.result.summary.violations.map((violation) => `${violation.rule.name}: ${violation.from}`);
    expect(reported.sort()).toEqual(
      [
        'application-behind-ports: src/modules/alpha/application/uses-adapter.ts',
        'application-not-api: src/modules/alpha/application/uses-api.ts',
        'domain-is-framework-free: src/modules/alpha/domain/uses-platform.ts',
        'domain-is-framework-free: src/modules/alpha/domain/uses-nest.ts',
        'domain-is-framework-free: src/modules/alpha/domain/uses-own-infrastructure.ts',
        'domain-is-framework-free: src/modules/alpha/domain/uses-typeorm-type.ts',
        'front-end-sees-only-wire-types: web/shell/src/uses-platform.ts',
        'server-knows-no-front-end: src/platform/uses-shell.ts',
        'no-circular: src/platform/cycle-a.ts',
        'no-cross-module-import: src/modules/alpha/application/uses-beta.ts',
        'no-non-package-json: src/platform/uses-transitive.ts',
        'not-to-dev-dep: src/platform/uses-vitest.ts',
        'not-to-unresolvable: src/platform/requires-missing.js',
        'platform-knows-no-module: src/platform/uses-module.ts',
        'shared-is-pure: src/shared/uses-platform.ts',
      ].sort(),
    );
    expect(cruised.result.summary.error).toBe(reported.length);
  });

  it('gives every rule error severity and a one-line rationale', () => {
    expect(cruised.rules.length).toBeGreaterThanOrEqual(9);
    for (const rule of cruised.rules) {
      expect(rule.severity, rule.name).toBe('error');
      expect(rule.comment, rule.name).toMatch(/^[^\n]{20,}$/);
    }
  });
});
