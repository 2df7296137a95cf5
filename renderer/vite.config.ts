import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { viteStaticCopy } from 'vite-plugin-static-copy';
import { websocketOnlyEngineIo } from './build/websocket-only-engine-io';

const root = fileURLToPath(new URL('.', import.meta.url));

// The same build is loaded from app://licode/ in Electron and from http://127.0.0.1:<port>/ by the web host,
// hence relative asset URLs.
export default defineConfig({
  root,
  base: './',
  plugins: [
    svelte(),
    websocketOnlyEngineIo(),
    // Background blur's segmentation model, its WebAssembly runtime and loader, served from our own origin (never a
    // CDN); loaded only when blur is turned on (features/background-blur/segmenter.ts).
    viteStaticCopy({
      targets: [
        // Only what background-blur/segmenter.ts loads: the loader, the graph, the landscape model and the SIMD build of
        // the runtime (every Chromium we run in has WebAssembly SIMD; without it the blur module reports that it cannot
        // start). The non-SIMD runtime (5.6 MB) and the other model are left out of the app.
        {
          src: [
            'selfie_segmentation.js',
            'selfie_segmentation.binarypb',
            'selfie_segmentation_landscape.tflite',
            'selfie_segmentation_solution_simd_wasm_bin.js',
            'selfie_segmentation_solution_simd_wasm_bin.wasm',
            'selfie_segmentation_solution_simd_wasm_bin.data',
          ].map((file) => `../node_modules/@mediapipe/selfie_segmentation/${file}`),
          dest: 'selfie-segmentation',
          rename: { stripBase: true },
        },
      ],
    }),
  ],
  build: {
    outDir: fileURLToPath(new URL('../out/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // Two pages: the app, and the presenter's sharing bar window (Electron opens it beside the meeting window).
    rollupOptions: { input: { index: `${root}index.html`, 'sharing-bar': `${root}sharing-bar.html` } },
  },
});
