import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'sdk/', 'node_modules/', 'data/', 'test-artifacts/'] },
  eslint.configs.recommended,
  tseslint.configs.recommended,
  {
    // Tests read JSON answers of any shape, including the wrong shapes they provoke.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
