import { defineConfig } from 'vite';

// Sandboxed preloads can only require('electron'), so each one is bundled into one self-contained CommonJS file: the
// main window's bridge (index.cjs) and the sharing bar's narrow one (sharing-bar.cjs). They share no module, so no
// shared chunk is split off (a sandboxed preload could not load it).
export default defineConfig({
  build: {
    outDir: 'out/preload',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    minify: false,
    lib: { entry: { index: 'preload/index.ts', 'sharing-bar': 'preload/sharing-bar.ts' }, formats: ['cjs'], fileName: (_format, name) => `${name}.cjs` },
    rollupOptions: { external: ['electron'] },
  },
});
