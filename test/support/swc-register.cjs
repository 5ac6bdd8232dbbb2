// Lets a child process run TypeScript from src/ and test/ as `nest build -b swc` and the vitest
// plugin compile it: with decorator metadata, which Nest's constructor injection in src/ needs.
// tsx cannot stand in (esbuild emits no decorator metadata, so createApp fails to resolve
// providers such as OutboxPublisher). Usage: node -r ./test/support/swc-register.cjs script.ts
'use strict';
const { readFileSync } = require('node:fs');
const { transformSync } = require('@swc/core');

const options = {
  swcrc: false,
  configFile: false,
  sourceMaps: 'inline',
  module: { type: 'commonjs' },
  jsc: {
    target: 'es2023',
    parser: { syntax: 'typescript', decorators: true, dynamicImport: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    keepClassNames: true,
  },
};

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const { code } = transformSync(readFileSync(filename, 'utf8'), { ...options, filename });
  module._compile(code, filename);
};
