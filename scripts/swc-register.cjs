// Lets a child process (the crash test's, the bus bench's app) run TypeScript as `nest build -b swc`
// and the vitest plugin compile it: with decorator metadata, which Nest's constructor injection needs.
// Not tsx: esbuild emits no decorator metadata, and under tsx's hooks @nestjs/terminus cannot resolve
// its peers. Usage: node -r ./scripts/swc-register.cjs script.ts
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
