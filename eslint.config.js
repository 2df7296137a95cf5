// ESLint (flat config). Besides the usual TypeScript and Svelte checks, it keeps the process boundaries that the
// layout promises (README "Layout"): each block below names a part of the tree and what it must not import.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { boundaryRules } from './scripts/lint/boundaries.js';

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'out/**', 'dist/**', 'test-results/**', 'playwright-report/**', 'bench/results/**', 'renderer/public/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      // `_`-prefixed parameters are deliberately unused (callback shapes fixed by Licode or Electron).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // An `any` must carry a comment saying why (brief: "no any without a comment"), so each one is a reviewed disable.
      '@typescript-eslint/no-explicit-any': 'error',
      // Rune modules keep private, deliberately non-reactive bookkeeping (maps of levels, seen ids, dates used only to
      // format); what the UI reads is declared with $state, so the rule's "use SvelteMap/SvelteDate" would add cost.
      'svelte/prefer-svelte-reactivity': 'off',
    },
  },
  {
    // Licode stream ids are JSON numbers above 2^53 (docs/licode-protocol.md §0); tests write such literals on purpose
    // to prove the wire keeps the double the server sent.
    files: ['**/*.test.ts', '**/*.spec.ts', 'e2e/**/*.ts'],
    rules: { 'no-loss-of-precision': 'off' },
  },
  {
    // Playwright fixtures that use no other fixture are declared with an empty pattern: `async ({}, use) => …`.
    files: ['e2e/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    // TypeScript sources import each other without an extension (Vite, tsx and Playwright resolve them; tsconfig uses
    // bundler resolution), so one spelling is used everywhere. Plain JS/MJS files (and imports of them) keep theirs: Node needs it.
    files: ['**/*.ts', '**/*.svelte'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'ImportDeclaration[source.value=/^\\.{1,2}\\/.*\\.(js|ts)$/]', message: 'Import TypeScript modules without an extension.' },
        { selector: 'ExportNamedDeclaration[source.value=/^\\.{1,2}\\/.*\\.(js|ts)$/]', message: 'Import TypeScript modules without an extension.' },
        { selector: 'ExportAllDeclaration[source.value=/^\\.{1,2}\\/.*\\.(js|ts)$/]', message: 'Import TypeScript modules without an extension.' },
      ],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    files: ['renderer/**/*.{ts,svelte}', 'e2e/harness/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: [
      'main/**/*.ts',
      'preload/**/*.ts',
      'e2e/**/*.ts',
      'scripts/**/*.{ts,js,mjs}',
      'bench/**/*.ts',
      '*.config.{ts,js}',
      'renderer/vite.config.ts',
      'renderer/svelte.config.js',
    ],
    languageOptions: { globals: { ...globals.node } },
  },
  ...boundaryRules,
);
