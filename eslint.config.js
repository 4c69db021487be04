// ESLint: typescript-eslint's recommended rules, and the layers of docs/ARCHITECTURE.md ("Layers"
// in the README) as import rules: a layer reaching into one it must not use fails `npm test`.
// Formatting is Prettier's (eslint-config-prettier turns the overlapping rules off).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/** `import` (not `import type`) of these paths is refused in the files of a layer. */
const forbid = (files, group, message, ignores = []) => ({
  files,
  ignores,
  rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group, message, allowTypeImports: true }] }] },
});

// Imports within lib/ are relative (`../library/…`); from components/ and entrypoints/ they name lib/.
const BACKGROUND = ['**/lib/db/**', '**/lib/library/**', '**/lib/background/**', '../db/**', '../library/**', '../background/**', '**/zotero/store', 'dexie'];
const SURFACES = ['**/components/**', '**/entrypoints/**', '**/lib/pages/**', '../pages/**'];
const SHARED_LIB = ['lib/sites/**', 'lib/export/**', 'lib/import/**', 'lib/search/**', 'lib/rpc/**', 'lib/settings/**', 'lib/render/**', 'lib/zotero/**'];

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', 'node_modules/**', 'public/**', 'tests/fixtures/**', 'tests/screenshots/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { console: 'readonly', process: 'readonly' } },
    rules: {
      // Unused arguments keep a method's documented signature (`_args`); underscore says so.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
      // Control characters are what the escaping and hostile-input code is about.
      'no-control-regex': 'off',
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
      'no-irregular-whitespace': ['error', { skipComments: true, skipStrings: true, skipTemplates: true, skipRegExps: true }],
    },
  },
  // The core (the paper model, ids, limits) depends on nothing else of Gloss's.
  forbid(['lib/core/**'], [...BACKGROUND, ...SURFACES, '../*/**', '!../core/**'], 'lib/core depends on nothing else of Gloss.'),
  // What every part shares knows no surface and nothing of the background's store.
  // (The Zotero mirror's store is the background's, in its own database.)
  forbid(
    SHARED_LIB,
    [...BACKGROUND.filter((p) => p !== '**/zotero/store'), ...SURFACES],
    'Shared code may not import the background or a surface (only types).',
    ['lib/zotero/store.ts', 'lib/zotero/index.ts'],
  ),
  // The content script runs beside a hostile page: no database, no library, no other surface in its bundle.
  forbid(
    ['components/content/**', 'entrypoints/content/**', 'entrypoints/*.content.ts'],
    [...BACKGROUND, '**/components/popup/**', '**/components/library/**', '**/components/options/**', '**/lib/pages/**'],
    'The content script reaches the library only through the contract (lib/rpc/client.ts).',
  ),
  // Extension pages and the panel reach the library through the contract too: one writer, the background.
  forbid(
    [
      'components/popup/**',
      'components/library/**',
      'components/options/**',
      'components/shared/**',
      'components/panel/**',
      'entrypoints/popup/**',
      'entrypoints/library/**',
      'entrypoints/options/**',
      'entrypoints/panel/**',
      'lib/pages/**',
    ],
    BACKGROUND,
    'Extension pages reach the library only through the contract (lib/rpc/client.ts).',
  ),
  // The background never imports a surface.
  forbid(['lib/db/**', 'lib/library/**', 'lib/background/**', 'entrypoints/background.ts'], SURFACES, 'The background may not import a surface.'),
  { files: ['tests/**', 'bench/**', 'scripts/**'], rules: { '@typescript-eslint/no-non-null-assertion': 'off' } },
);
