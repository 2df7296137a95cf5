import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// The same build is loaded from app://licode/ in Electron and from http://127.0.0.1:<port>/ by the web host,
// hence relative asset URLs.
export default defineConfig({
  root,
  base: './',
  plugins: [svelte()],
  build: {
    outDir: fileURLToPath(new URL('../out/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // Two pages: the app, and the presenter's sharing bar window (Electron opens it beside the meeting window).
    rollupOptions: { input: { index: `${root}index.html`, 'sharing-bar': `${root}sharing-bar.html` } },
  },
});
