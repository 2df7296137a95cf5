// Import boundaries between the processes and layers of the app, as ESLint `no-restricted-imports` blocks.
// Flat config replaces (does not merge) a rule's options when several blocks match a file, so every block here
// lists the complete set of restrictions for its part of the tree, and the parts do not overlap.
import { builtinModules } from 'node:module';

const electron = { group: ['electron', 'electron/*'], message: 'Electron APIs live only in main/electron/ and preload/ (README "Layout").' };
const nodeBuiltins = {
  group: ['node:*', ...builtinModules.filter((name) => !name.startsWith('_'))],
  message: 'The renderer runs in a sandboxed page: no Node built-ins. Ask main through the preload API.',
};
const mainCode = { group: ['**/main/**'], message: 'Main-process code is reached through the preload API, never imported.' };
const testCode = { group: ['**/e2e/**', '**/bench/**'], message: 'Product code must not depend on tests or benchmarks.' };
const rendererCode = { group: ['**/renderer/**'], message: 'The renderer is a separate process; share types through the preload contract.' };
const preloadInternals = {
  group: ['**/preload/**', '!**/preload/api-contract', '!**/preload/api-contract.ts'],
  message: 'Only the preload contract (preload/api-contract.ts) is shared; the bridge itself belongs to the preload.',
};
const uiForLicode = {
  group: [
    'svelte',
    'svelte/*',
    '**/*.svelte',
    '**/*.svelte.ts',
    '**/*.svelte.js',
    '**/components/**',
    '**/features/**',
    '**/screens/**',
    '**/state/**',
    '**/platform/**',
    '**/i18n/**',
    '**/lib/**',
    '**/preload/**',
  ],
  message: 'renderer/src/licode is the framework-free Licode client library: no Svelte, UI, i18n, platform or preload imports.',
};

const restrict = (...patterns) => ['error', { patterns }];

export const boundaryRules = [
  {
    name: 'boundaries/licode-library',
    files: ['renderer/src/licode/**/*.ts'],
    rules: { 'no-restricted-imports': restrict(electron, nodeBuiltins, mainCode, testCode, uiForLicode) },
  },
  {
    name: 'boundaries/renderer',
    files: ['renderer/src/**/*.{ts,svelte}'],
    ignores: ['renderer/src/licode/**'],
    rules: { 'no-restricted-imports': restrict(electron, nodeBuiltins, mainCode, testCode, preloadInternals) },
  },
  {
    name: 'boundaries/main-electron',
    files: ['main/electron/**/*.ts'],
    rules: { 'no-restricted-imports': restrict(testCode, rendererCode) },
  },
  {
    name: 'boundaries/main',
    files: ['main/**/*.ts'],
    ignores: ['main/electron/**'],
    rules: { 'no-restricted-imports': restrict(electron, testCode, rendererCode) },
  },
  {
    name: 'boundaries/preload',
    files: ['preload/**/*.ts'],
    rules: { 'no-restricted-imports': restrict(mainCode, testCode, rendererCode) },
  },
  {
    name: 'boundaries/tests-and-benchmarks',
    files: ['e2e/**/*.ts', 'bench/**/*.ts'],
    ignores: ['e2e/electron/**'],
    rules: { 'no-restricted-imports': restrict(electron) },
  },
];
