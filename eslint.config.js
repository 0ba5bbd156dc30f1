// Lint: typescript-eslint's strict type-checked and stylistic rules over src/ and test/ (`npm run lint`).
// Each rule turned off or tuned below says why; everything else is the preset as published.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/'] },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Numbers and booleans in messages and exposition text print the way JS prints them, on purpose.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // `const { a, ...rest } = x` and `(_req, res)` name what is deliberately left unused with a leading _.
      '@typescript-eslint/no-unused-vars': ['error', {
        argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_',
      }],
      // Node types stream 'data' chunks as `any`; `text += chunk` decodes them as UTF-8 on purpose.
      '@typescript-eslint/restrict-plus-operands': ['error', { allowAny: true }],
      // `a || '(none)'` on strings is deliberate: an empty string means absent too.
      '@typescript-eslint/prefer-nullish-coalescing': ['error', { ignorePrimitives: { string: true } }],
      // `let { fleet, base } = ...` with one of them reassigned is one statement, not two.
      'prefer-const': ['error', { destructuring: 'all' }],
      // Both `T[]` and `Array<{ ... }>` are used, the latter where the element type is an object literal.
      '@typescript-eslint/array-type': 'off',
      // Conflicts with no-non-null-assertion: under noUncheckedIndexedAccess the code asserts with `as T`, not `!`.
      '@typescript-eslint/non-nullable-type-assertion-style': 'off',
      // `if (bad) return reply(...)` (a void call, then stop) is the handlers' early-exit idiom.
      '@typescript-eslint/no-confusing-void-expression': 'off',
      // An `async` function without `await` still turns a throw into a rejection, which its callers rely on.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Tests read JSON/YAML/HTTP bodies whose shape is exactly what they assert, and index into results they have
    // just checked: `any` and `!` there fail the test loudly at the wrong spot instead of hiding a bug.
    files: ['test/**/*.ts', 'src/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Tests save and restore methods (process.stdout.write) and hand them to expect().
      '@typescript-eslint/unbound-method': 'off',
      // afterAll cleanup guards values (`fleet?.stop()`) that a failed beforeAll never set; the types cannot know.
      '@typescript-eslint/no-unnecessary-condition': 'off',
    },
  },
  {
    // Dashboards are written as Grafana's JSON, with its numeric codes; test/dashboards.test.ts checks the schema.
    files: ['src/dashboards/**/*.ts'],
    rules: { '@typescript-eslint/no-unsafe-enum-assignment': 'off' },
  },
  {
    // ONTAP's query and order_by compare a field's value as its text, whatever its JSON type (as ONTAP does).
    files: ['src/simulator/**/*.ts'],
    rules: { '@typescript-eslint/no-base-to-string': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
