/**
 * Code boundary rules of the modular monolith (docs: docs/architecture.md, "The rules, and why each one").
 *
 * Run:    npm run boundaries          (CLI, fails the build on any violation)
 * Report: npm run boundaries:report   (reports/boundaries/index.html)
 * Proof:  test/boundaries.spec.ts     (planted violations under test/fixtures/boundaries)
 *
 * All paths are relative to the cruise's base directory, so they start with `src/`.
 * `$1` in a `to` path refers to the first capture group of the rule's `from` path.
 */

/** Packages that make code framework- or I/O-bound; a domain layer must not touch them. */
const FRAMEWORK_PACKAGES = [
  '@nestjs',
  '@nestjs-cls',
  'nestjs-cls',
  'typeorm',
  'bullmq',
  'ioredis',
  'pg',
  'fastify',
  '@fastify',
];
const FRAMEWORK_IN_NODE_MODULES = `node_modules/(@types/)?(${FRAMEWORK_PACKAGES.join('|')})/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cross-module-import',
      severity: 'error',
      comment:
        'Modules talk only through the CQRS buses and src/shared/contracts, so that any module can be extracted into its own service without rewriting it.',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/', pathNot: '^src/modules/$1/' },
    },
    {
      name: 'shared-is-pure',
      severity: 'error',
      comment:
        'src/shared is the published language every module may depend on; it must stay pure TypeScript that drags in no platform, module or framework code.',
      from: { path: '^src/shared/' },
      to: { path: ['^src/(platform|modules)/', FRAMEWORK_IN_NODE_MODULES] },
    },
    {
      name: 'platform-knows-no-module',
      severity: 'error',
      comment:
        'Platform offers technical capabilities to every module; only the composition root (app.module.ts, main.ts) may name the modules.',
      from: { path: '^src/platform/' },
      to: { path: '^src/modules/' },
    },
    {
      name: 'front-end-sees-only-wire-types',
      severity: 'error',
      comment:
        "The shell, the SDK and the mini-apps run in a browser: of the server's code they may use only the bridge's wire schemas (src/shared/contracts/sdk), which both sides validate with.",
      from: { path: '^(web|sdk|mini-apps)/' },
      to: { path: '^src/', pathNot: '^src/shared/contracts/sdk/' },
    },
    {
      name: 'server-knows-no-front-end',
      severity: 'error',
      comment:
        'The server serves the built front ends as files; importing their sources would bundle browser code into the server.',
      from: { path: '^src/' },
      to: { path: '^(web|sdk|mini-apps)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'A cycle makes two files one unit in disguise: neither can be understood, tested, moved or extracted alone.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-framework-free',
      severity: 'error',
      comment:
        "The domain holds the business rules in plain TypeScript: no framework, ORM, queue or driver, no platform code, and none of its module's outer layers (api, application, infrastructure, the Nest module file).",
      from: { path: '^src/modules/([^/]+)/domain/' },
      to: {
        path: [
          FRAMEWORK_IN_NODE_MODULES,
          '^src/platform/',
          '^src/modules/$1/(api|application|infrastructure)/',
          '^src/modules/$1/[^/]+\\.module\\.ts$',
        ],
      },
    },
    {
      name: 'application-not-api',
      severity: 'error',
      comment:
        'Use cases must not depend on their HTTP delivery: controllers call the application layer, never the reverse, so a use case can also run from an event or a CLI.',
      from: { path: '^src/modules/[^/]+/application/' },
      to: { path: '^src/modules/[^/]+/api/' },
    },
    {
      name: 'application-behind-ports',
      severity: 'error',
      comment:
        'Use cases depend on ports (application/ports), not on the adapters that implement them, so storage, metrics or crypto can be swapped without touching a use case.',
      from: { path: '^src/modules/([^/]+)/application/' },
      to: { path: '^src/modules/$1/infrastructure/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment:
        'An import that cannot be resolved is a typo, a missing package or a file that was moved: it fails at runtime.',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
    {
      name: 'no-non-package-json',
      severity: 'error',
      comment:
        'A package that is only in node_modules because something else depends on it can vanish on any install: declare what you import in package.json.',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'not-to-dev-dep',
      severity: 'error',
      comment:
        'Production code must not import devDependencies: a production install (npm ci --omit=dev) leaves them out of the container; specs may import test tooling.',
      from: { path: '^src/', pathNot: '\\.(spec|e2e-spec)\\.ts$' },
      to: {
        dependencyTypes: ['npm-dev'],
        // a type-only import is erased at compile time and costs nothing at runtime
        dependencyTypesNot: ['type-only'],
        pathNot: ['node_modules/@types/'],
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    // Resolve packages the way the CommonJS build loads them at runtime (package.json
    // `exports` with `require` conditions; Node >= 20.19 can require() ES modules), so an
    // exports-only package such as uuid 14 resolves instead of being reported as unresolvable.
    // `types` is a fallback for type-only imports of packages that export nothing else.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['require', 'node', 'default', 'types'],
    },
  },
};
