import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

// Unit and integration tests run in Node. Browser behaviour is covered by Playwright (playwright.config.ts).
export default defineConfig({
  // Compiles rune modules (*.svelte.ts) so their state logic is unit-tested like any other module.
  plugins: [svelte({ configFile: 'renderer/svelte.config.js' })],
  test: {
    include: ['{common,main,preload,renderer,e2e,scripts,bench}/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'out/**', 'e2e/**/*.spec.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
