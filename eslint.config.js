// Lint: `npm run lint`. typescript-eslint's recommended rules with type information, for every
// .ts file in the kata (learners' stubs included, so the starting point is clean).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import layers from './eslint.layers.js';

export default tseslint.config(
  // .netkata/ is scratch space (npm run grade copies submissions there while it runs).
  { ignores: ['node_modules/', 'coverage/', '.netkata/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // The plain-JavaScript files (entry points, the supervisor) are outside tsconfig's program;
        // typescript-eslint's default project reads them, more than its default of 8.
        projectService: { allowDefaultProject: ['*.js', 'specs/harness/*.mjs', 'tooling/*.mjs', 'tooling/core/*.mjs', 'grading/*.mjs'], maximumDefaultProjectFileMatchCount_THIS_WILL_SLOW_DOWN_LINTING: 16 },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { process: 'readonly', console: 'readonly' },
    },
    rules: {
      // Stubs keep parameters the learner will use once a TODO is done.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  ...layers,
);
