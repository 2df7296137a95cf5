/**
 * Content-Security-Policy for the renderer in both hosts: only our own scripts (no eval, no inline, no
 * remote script). 'wasm-unsafe-eval' lets our own WebAssembly compile (background blur's segmentation runtime,
 * features/background-blur/segmenter.ts); it allows no JavaScript eval. connect-src stays open to http(s)/ws(s) because the renderer talks socket.io to
 * whichever Licode server the user configures; media may come from blob:/mediastream:.
 * Inline styles are allowed because Svelte sets style attributes at run time; they cannot run code.
 */
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  "font-src 'self'",
  "connect-src 'self' http: https: ws: wss:",
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');
