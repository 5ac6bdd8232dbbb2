import { copyFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const out = resolve(import.meta.dirname, '../dist/sdk/v1');

// One classic script (IIFE), served at /sdk/v1/superapp.js next to its types.
export default defineConfig({
  root: import.meta.dirname,
  logLevel: 'warn',
  build: {
    outDir: out,
    emptyOutDir: true,
    target: 'es2022',
    lib: {
      entry: resolve(import.meta.dirname, 'src/superapp.ts'),
      formats: ['iife'],
      name: '__superappSdk',
      fileName: () => 'superapp.js',
    },
  },
  plugins: [
    {
      name: 'copy-types',
      closeBundle: () => copyFileSync(resolve(import.meta.dirname, 'superapp.d.ts'), resolve(out, 'superapp.d.ts')),
    },
  ],
});
