// ESLint: typescript-eslint's recommended rules with type information for the code that ships (server, console,
// widget, contract), and the same rules without it for the tests, benchmarks and scripts. Formatting is Prettier's;
// import circles and module layers are scripts/check-imports.mjs's. Run by `npm test`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const shipped = [
  'apps/server/src/**/*.ts',
  'apps/console/src/**/*.{ts,tsx}',
  'apps/widget/src/**/*.ts',
  'packages/contract/src/**/*.ts',
];
const tests = ['**/*.test.ts', '**/*.test.tsx', 'apps/server/src/testing/**/*.ts', 'e2e/**/*.ts', 'bench/**/*.ts'];

/** Values typed `any` allowed, where the relaxations below say why. */
const untyped = Object.fromEntries(
  [
    'no-explicit-any',
    'no-unsafe-argument',
    'no-unsafe-assignment',
    'no-unsafe-call',
    'no-unsafe-member-access',
    'no-unsafe-return',
  ].map((rule) => [`@typescript-eslint/${rule}`, 'off']),
);

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'data/**',
      'bench/results/**',
      'apps/console/public/**',
      'docs/examples/typed-client/atiende-api.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // `_name` says "received and deliberately unused"; `{ secret: _, ...rest }` leaves a field out.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: shipped,
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Fastify sends what an async handler returns and nothing a plain one returns: `async` without `await` is how a
      // route answers here, as is a migration's `down` that has nothing to undo.
      '@typescript-eslint/require-await': 'off',
      // React's event props accept a handler that returns a promise; the handler catches its own errors.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    // Code over any table (the tenant scope, reference checks, search, backups) cannot be typed by Kysely, whose
    // builders are typed per table: `Kysely<any>` is confined to these files, and the rest of the code gets typed
    // builders from them.
    files: [
      'apps/server/src/db/tenant.ts',
      'apps/server/src/db/references.ts',
      'apps/server/src/platform/search.ts',
      'apps/server/src/platform/backup/*.ts',
    ],
    rules: { ...untyped, '@typescript-eslint/no-empty-object-type': 'off' },
  },
  {
    // Kysely's own advice: a migration types its database as `Kysely<any>`, for it must keep compiling when the
    // schema it leads to changes later.
    files: ['apps/server/src/db/migrations/*.ts'],
    rules: untyped,
  },
  {
    // Tests (and the end-to-end checks and benchmarks) read the API's JSON answers as the outside world does, untyped,
    // and assert on their shape: the no-unsafe-* family would ask for a type on every reply. The rules that catch real
    // mistakes in tests (a promise not awaited, a misused promise, an unused variable) still apply.
    files: tests,
    rules: untyped,
  },
  {
    // The console's data access lives in each feature's api.ts (requests, keys, hooks): components name no URL and
    // do not call the raw request.
    files: ['apps/console/src/**/*.{ts,tsx}'],
    ignores: [
      'apps/console/src/api.ts',
      'apps/console/src/realtime.ts',
      'apps/console/src/features/*/api.ts',
      'apps/console/src/**/*.test.ts',
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'Literal[value=/^\\/api\\//]', message: "An API address belongs in the feature's api.ts." },
        {
          selector: 'TemplateElement[value.raw=/^\\/api\\//]',
          message: "An API address belongs in the feature's api.ts.",
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)api$',
              importNames: ['api'],
              message: "Call the feature's api.ts (featureApi.…) instead of the raw request.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.{mjs,js}'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly', Buffer: 'readonly' } },
  },
);
