/**
 * Sizes of what the renderer downloads: the production build's assets split into the initial load (what
 * out/renderer/index.html references) and the lazily loaded rest, and the Licode client library bundled on its own
 * once with every transport and once per transport (the others replaced by empty stubs), minified like the app.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Plugin, type Rollup } from 'vite';
import { websocketOnlyEngineIo } from '../../../renderer/build/websocket-only-engine-io';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const RENDERER_OUT = join(REPO, 'out', 'renderer');
const LICODE = join(REPO, 'renderer', 'src', 'licode');

export interface AssetSize {
  file: string;
  initial: boolean;
  raw: number;
  gzip: number;
}

const gzipSize = (content: string | Uint8Array): number => gzipSync(content, { level: 9 }).length;

/** Every .js and .css asset of the renderer build; `initial` when index.html loads it before any screen shows. */
export function rendererAssets(): AssetSize[] {
  const html = readFileSync(join(RENDERER_OUT, 'index.html'), 'utf8');
  const assets = join(RENDERER_OUT, 'assets');
  return readdirSync(assets)
    .filter((file) => /\.(js|css)$/.test(file))
    .map((file) => {
      const content = readFileSync(join(assets, file));
      return { file, initial: html.includes(`assets/${file}`), raw: statSync(join(assets, file)).size, gzip: gzipSize(content) };
    })
    .sort((a, b) => Number(b.initial) - Number(a.initial) || b.gzip - a.gzip);
}

/** The library as shipped, and with only one transport: the modules and socket.io clients of the others stubbed. */
export const LIBRARY_VARIANTS: Record<string, readonly string[]> = {
  'all transports (A on socket.io 0.9 and 2, B on socket.io 2, C on socket.io 2 and 4)': [],
  'dialect C on socket.io 4 only': ['./transport-a', './transport-a0', './transport-b', 'socket.io-client-v2'],
  // A session on socket.io 2 starts as A and becomes B at the first acknowledged publication (the same transport).
  'dialects A and B on socket.io 2 only': ['./transport-c', './transport-a0', 'socket.io-client'],
};

/** A module with the same export names as `source`, each undefined: only what the stubbed module weighs goes. */
function stubOf(source: string): string {
  if (!source.startsWith('.')) return 'export default undefined; export const io = undefined;';
  const text = readFileSync(join(LICODE, `${source}.ts`), 'utf8');
  const names = [...text.matchAll(/^export (?:async )?(?:const|let|class|function\*?) (\w+)/gm)].map((match) => match[1]!);
  return names.map((name) => `export const ${name} = undefined;`).join('\n');
}

function stubPlugin(stubbed: readonly string[]): Plugin {
  return {
    name: 'bench-stub-transports',
    enforce: 'pre',
    resolveId: (source) => (stubbed.includes(source) ? `\0stub:${source}` : null),
    load: (id) => (id.startsWith('\0stub:') ? stubOf(id.slice('\0stub:'.length)) : null),
  };
}

export async function librarySize(stubbed: readonly string[]): Promise<{ raw: number; gzip: number }> {
  return sizeOf(await bundle(join(LICODE, 'index.ts'), [stubPlugin(stubbed)]));
}

/** The files whose code is in that bundle (absolute paths), to check what a variant carries and what it leaves out. */
export async function libraryModules(stubbed: readonly string[]): Promise<string[]> {
  const chunks = await bundle(join(LICODE, 'index.ts'), [stubPlugin(stubbed)]);
  return chunks.flatMap((chunk) => Object.entries(chunk.modules).flatMap(([id, module]) => (module.renderedLength > 0 ? [id] : [])));
}

/** What the library's biggest dependency weighs on its own (the share of the library no code of ours can shrink). */
export async function dependencySize(module: 'socket.io-client' | 'sdp-transform'): Promise<{ raw: number; gzip: number }> {
  const entry = 'virtual:bench-dependency';
  const plugin: Plugin = {
    name: 'bench-dependency-entry',
    resolveId: (source) => (source.endsWith(entry) ? `\0${entry}` : null), // vite makes a lib entry absolute
    load: (id) => (id === `\0${entry}` ? `import * as dependency from '${module}';\nexport default dependency;` : null),
  };
  return sizeOf(await bundle(entry, [plugin]));
}

async function bundle(entry: string, plugins: Plugin[]): Promise<Rollup.OutputChunk[]> {
  const result = await build({
    configFile: false,
    root: REPO,
    logLevel: 'silent',
    // The app's build plugin that shapes dependencies (engine.io-client with WebSocket only): sizes are what ships.
    plugins: [...plugins, websocketOnlyEngineIo()],
    build: {
      write: false,
      minify: true,
      target: 'es2022',
      lib: { entry, formats: ['es'], fileName: 'bundle' },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
  return outputs.flatMap((output) => output.output).flatMap((chunk) => (chunk.type === 'chunk' ? [chunk] : []));
}

function sizeOf(chunks: Rollup.OutputChunk[]): { raw: number; gzip: number } {
  const code = chunks.map((chunk) => chunk.code);
  return { raw: code.reduce((sum, text) => sum + Buffer.byteLength(text), 0), gzip: code.reduce((sum, text) => sum + gzipSize(text), 0) };
}
