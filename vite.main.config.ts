import { defineConfig } from 'vite';

// Electron main: one ESM bundle for Node (out/main/index.js). Dependencies such as valibot are bundled so
// the packaged app needs no node_modules; electron itself is provided by the runtime.
export default defineConfig({
  build: {
    ssr: 'main/electron/index.ts',
    outDir: 'out/main',
    emptyOutDir: true,
    target: 'node20',
    sourcemap: true,
    minify: false,
    rollupOptions: {
      external: ['electron'],
      output: { format: 'es', entryFileNames: 'index.js' },
    },
  },
  ssr: { noExternal: true, external: ['electron'] },
});
