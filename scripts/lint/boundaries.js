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
const rendererCode = { group: ['**/renderer/**'], message: 'The renderer is a separate process; share types through common/.' };
const preloadCode = {
  group: ['**/preload/**'],
  message: 'The preload bridge belongs to the preload; what processes share (the API contract, channel names) lives in common/.',
};
const preloadCodeForLibrary = { ...preloadCode, message: 'renderer/src/licode reaches nothing of the preload; shared schemas live in common/.' };
const contractForLibrary = {
  group: ['**/common/api-contract', '**/common/api-contract.ts', '**/common/ipc-channels', '**/common/ipc-channels.ts'],
  message: 'renderer/src/licode is the framework-free Licode client library: it knows nothing of the app API contract.',
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
  ],
  message: 'renderer/src/licode is the framework-free Licode client library: no Svelte, UI, i18n, platform or preload imports.',
};

const restrict = (...patterns) => ['error', { patterns }];

export const boundaryRules = [
  {
    name: 'boundaries/licode-library',
    files: ['renderer/src/licode/**/*.ts'],
    rules: { 'no-restricted-imports': restrict(electron, nodeBuiltins, mainCode, testCode, uiForLicode, preloadCodeForLibrary, contractForLibrary) },
  },
  {
    name: 'boundaries/renderer',
    files: ['renderer/src/**/*.{ts,svelte}'],
    ignores: ['renderer/src/licode/**'],
    rules: { 'no-restricted-imports': restrict(electron, nodeBuiltins, mainCode, testCode, preloadCode) },
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
    // Shared by every process (main, preload, renderer, tests), so it may depend on none of them and on nothing
    // process-specific: no Electron, no Node built-ins, no DOM UI.
    name: 'boundaries/common',
    files: ['common/**/*.ts'],
    rules: { 'no-restricted-imports': restrict(electron, nodeBuiltins, mainCode, testCode, rendererCode, preloadCode) },
  },
  {
    name: 'boundaries/tests-and-benchmarks',
    files: ['e2e/**/*.ts', 'bench/**/*.ts'],
    ignores: ['e2e/electron/**'],
    rules: { 'no-restricted-imports': restrict(electron) },
  },
];
