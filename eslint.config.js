// ESLint: typescript-eslint's recommended rules, and the layers of docs/ARCHITECTURE.md as import
// rules, so a layer reaching into another it must not use fails `npm test` (formatting is Prettier's).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/** `import` (not `import type`) of these paths is refused in the files of a layer. */
const forbid = (files, groups, message) => ({
  files,
  rules: {
    '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group: groups, message, allowTypeImports: true }] }],
  },
});

const BACKGROUND_ONLY = ['**/lib/db/**', '**/lib/library/**', '**/lib/background/**', 'dexie'];
const SURFACES = ['**/components/**', '**/entrypoints/**', '**/lib/ui/**'];

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', 'node_modules/**', 'public/**', 'tests/fixtures/**', 'tests/screenshots/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      // Unused arguments keep a method's documented signature (`_args`); underscore says so.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  // What every part shares (the paper model, ids, recognizers, the contract, export, import) knows
  // no surface and nothing of the background's store.
  forbid(['lib/*.ts', 'lib/sites/**', 'lib/export/**', 'lib/import/**', 'lib/search/**', 'lib/rpc/**', 'lib/settings/**'], [...BACKGROUND_ONLY, ...SURFACES], 'Shared code may not import the background or a surface (only types).'),
  // The content script runs beside a hostile page: no database, no library, no background code in its bundle.
  forbid(['lib/ui/**', 'components/page/**', 'entrypoints/content/**', 'entrypoints/*.content.ts'], BACKGROUND_ONLY, 'The content script reaches the library only through the contract (lib/rpc/client.ts).'),
  // Extension pages and the panel reach the library through the contract too: one writer, the background.
  forbid(['components/**', 'entrypoints/popup/**', 'entrypoints/library/**', 'entrypoints/options/**', 'entrypoints/panel/**'], BACKGROUND_ONLY, 'Extension pages reach the library only through the contract (lib/rpc/client.ts).'),
  // The background never imports a surface.
  forbid(['lib/db/**', 'lib/library/**', 'lib/background/**', 'entrypoints/background.ts'], SURFACES, 'The background may not import a surface.'),
  {
    files: ['tests/**', 'bench/**', 'scripts/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
