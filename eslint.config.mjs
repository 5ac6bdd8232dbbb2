// ESLint catches the bugs the compiler cannot see (a promise nobody awaits or one passed where a
// callback's void is expected, a method torn from its object, a thrown non-Error, an object
// stringified as "[object Object]"). Prettier owns the layout, so no style rules here. ADR 0029.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['dist/**', 'coverage/**', 'reports/**', '.data/**', 'node_modules/**', 'test/fixtures/**'],
  },
  js.configs.recommended,
  {
    files: ['**/*.{ts,tsx,mts}'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['sdk/vite.config.mts', 'web/shell/vite.config.mts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Rows from raw SQL and parsed JSON bodies are `any` at the I/O edge, where mappers and the
      // validation pipe check them; these rules flag each such read (1,700 findings, no bug among them).
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      // An async method without await often implements an async port; that is not a bug.
      '@typescript-eslint/require-await': 'off',
      // The compiler's noUnusedLocals/noUnusedParameters already own this.
      '@typescript-eslint/no-unused-vars': 'off',
      // Scanners and text rules must name control characters to reject them.
      'no-control-regex': 'off',
      // Preact ignores what an event handler returns, and each async handler of the shell ends in its
      // own catch (useAction's run, the sheets' try blocks), so an async onClick is not a lost rejection.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      // DTO factories such as `ListingResponse.from` are static and never use `this`.
      '@typescript-eslint/unbound-method': ['error', { ignoreStatic: true }],
    },
  },
  {
    // The SDK is type-checked by the shell's project (web/tsconfig.json includes it).
    files: ['sdk/src/**/*.ts', 'sdk/superapp.d.ts'],
    languageOptions: { parserOptions: { projectService: false, project: ['./web/tsconfig.json'] } },
  },
  {
    // Benchmarks load pg and the app with require() on purpose: after their own instrumentation.
    files: ['bench/**/*.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['mini-apps/*/*.js'],
    languageOptions: { sourceType: 'module', globals: { ...globals.browser, superapp: 'readonly' } },
  },
);
