import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'sdk/', 'node_modules/', 'data/', 'test-artifacts/'] },
  eslint.configs.recommended,
  tseslint.configs.recommended,
  {
    // A promise nobody awaits loses its error: in the service, every one is awaited or marked `void`.
    files: ['src/**/*.ts', 'scripts/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    // Tests read JSON answers of any shape, including the wrong shapes they provoke.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
