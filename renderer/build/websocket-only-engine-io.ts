import type { Plugin } from 'vite';

/**
 * Both socket.io clients the Licode library uses connect with `transports: ['websocket']` only (every Licode refuses
 * polling, docs/licode-protocol.md §2 and §8 #25; transport-a.ts, transport-c.ts), yet engine.io-client's transports
 * table imports HTTP long-polling (and, in v6, WebTransport), and the socket constructs transports by name from that
 * table, so bundlers keep them all. This plugin gives the table only its WebSocket entry. A socket asked for another
 * transport fails loudly ("No transports available" in v6, a TypeError in v3) instead of quietly falling back.
 *
 * Used by the renderer build (renderer/vite.config.ts) and by every bundle measured or tested in its place (the bench's
 * library sizes, the e2e harness), so that what is measured and tested is what ships.
 */
const WEBSOCKET_ONLY_TABLES: ReadonlyArray<{ id: RegExp; code: string }> = [
  {
    // engine.io-client 6 (socket.io-client 4): build/esm/transports/index.js (esm-debug under the `node` condition).
    id: /[\\/]engine\.io-client[\\/]build[\\/]esm(?:-debug)?[\\/]transports[\\/]index\.js$/,
    code: 'import { WS } from "./websocket.node.js";\nexport const transports = { websocket: WS };\n',
  },
  {
    // engine.io-client 3 (socket.io-client 2, CommonJS): lib/transports/index.js.
    id: /[\\/]engine\.io-client[\\/]lib[\\/]transports[\\/]index\.js$/,
    code: "exports.websocket = require('./websocket');\n",
  },
];

/**
 * engine.io-client 6's package index also re-exports the polling and WebTransport classes, and those modules act when
 * loaded (an XMLHttpRequest made to probe features, a `pagehide` listener), so the bundler keeps them though nothing
 * uses them. Those effects serve only polling: the modules are declared free of side effects, and unused, they go.
 */
const ENGINE_IO_6_DIR = /[\\/]engine\.io-client[\\/]build[\\/]esm(?:-debug)?[\\/]/;
const POLLING_OR_WEBTRANSPORT = /[\\/](?:transports[\\/](?:polling[\w.-]*|webtransport)|contrib[\\/]has-cors)\.js$/;

export function websocketOnlyEngineIo(): Plugin {
  return {
    name: 'websocket-only-engine-io',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!importer || !ENGINE_IO_6_DIR.test(importer) || !/(?:polling|webtransport|has-cors)/.test(source)) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved && POLLING_OR_WEBTRANSPORT.test(resolved.id) ? { ...resolved, moduleSideEffects: false } : resolved;
    },
    // The table keeps its id, so its relative imports resolve exactly as the original's (package `browser` field included).
    load: (id) => WEBSOCKET_ONLY_TABLES.find((table) => table.id.test(id))?.code ?? null,
  };
}
