// Lets the bench's app child (bus-app.ts) run as TypeScript on plain Node: `node -r ./bench/support/swc-register.cjs`.
// Not tsx: under tsx's hooks (`--import tsx` and `--require tsx/cjs` alike) `import.meta.resolve` fails inside
// @nestjs/terminus (an ESM package loaded with require), so its TypeOrmHealthIndicator reports "@nestjs/typeorm,
// typeorm packages are missing" and the app does not start. SWC compiles as `nest build` does (legacy
// decorators with metadata); the app itself still comes from dist/.
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
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    keepClassNames: true,
  },
};

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const { code } = transformSync(readFileSync(filename, 'utf8'), { ...options, filename });
  module._compile(code, filename);
};
