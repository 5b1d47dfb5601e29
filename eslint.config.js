// Flat config: typescript-eslint's recommended, type-aware rules for the Node code and the designer.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'data/',
      'dist/',
      'designer/dist/',
      '.services/',
      'test-artifacts/',
      'schemas/generated/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
    },
  },
  {
    // The dependency direction: platform/ (the composition root) → workers/ → engine/, never back
    // up: the engine is a library, the workers' actions and processors use it, and only the
    // composition root knows them all (docs/decisions/0007-composition-root.md).
    files: ['engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^#(workers|platform)/|(^|/)(workers/src|platform)/',
              message: 'engine/ is a library: it never imports workers/ or platform/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['workers/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^#platform/|(^|/)platform/',
              message: 'workers/ never imports the composition root (platform/).',
            },
          ],
        },
      ],
    },
  },
  {
    // The web app runs in the browser (designer/tsconfig.json has the DOM types).
    files: ['designer/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
