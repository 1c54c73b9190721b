import tseslint from 'typescript-eslint'

export default tseslint.config(
  {ignores: ['dist/**', 'dist-check/**', 'node_modules/**', 'assets/vendor/**', '.tap/**', 'samples/**', 'bench/out/**']},
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_'}],
      'no-constant-condition': ['error', {checkLoops: false}],
    },
  },
)
