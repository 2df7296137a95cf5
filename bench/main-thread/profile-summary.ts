/**
 * Turns a V8 CPU profile of the renderer's main thread (DevTools `Profiler.stop`) into "who is busy": self time per
 * function and per source module, with bundle positions mapped back to the sources through the build's source maps.
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { basename, join, relative, resolve } from 'node:path';

/** The parts of DevTools' `Profiler.Profile` this summary reads. */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }>;
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface Contributor {
  /** "source/file.ts:line function" or a V8 pseudo-frame such as "(program)" (native work: style, layout, paint…). */
  name: string;
  /** Self time as a share of the profiled wall time, %. */
  percent: number;
  selfMs: number;
}

export interface ProfileSummary {
  wallMs: number;
  /** Everything but "(idle)", as a share of wall time: a second, profiler-based estimate of the busy share. */
  busyPercent: number;
  functions: Contributor[];
  modules: Contributor[];
}

/** Maps positions in the served bundle (`…/assets/index-abc.js`) back to repository sources. */
export class BundleSources {
  readonly #maps = new Map<string, SourceMap | null>();

  /** Source paths are shown relative to this checkout (`<repo>/out/renderer/assets` → `<repo>`). */
  readonly #root: string;

  constructor(private readonly assetDir: string) {
    this.#root = resolve(assetDir, '..', '..', '..');
  }

  locate(url: string, line: number, column: number): { file: string; line: number; name?: string } | undefined {
    const file = basename(new URL(url, 'http://x/').pathname);
    if (!file.endsWith('.js')) return undefined;
    let map = this.#maps.get(file);
    if (map === undefined) {
      const path = join(this.assetDir, `${file}.map`);
      map = existsSync(path) ? new SourceMap(JSON.parse(readFileSync(path, 'utf8')) as SourceMapPayload) : null;
      this.#maps.set(file, map);
    }
    const entry = map?.findEntry(line, column);
    if (!entry || !('originalSource' in entry) || typeof entry.originalSource !== 'string') return undefined;
    const path = relative(this.#root, resolve(this.assetDir, entry.originalSource));
    // Dependencies by package path, wherever node_modules really lives (a checkout may link another one's).
    const source = path.includes('node_modules/') ? path.slice(path.lastIndexOf('node_modules/')) : path;
    const name = (entry as { name?: string }).name;
    return { file: source, line: entry.originalLine + 1, ...(name ? { name } : {}) };
  }
}

/** Groups a source path into a module a reader recognises (the Svelte runtime as one entry, our files by path). */
export function moduleOf(file: string): string {
  const svelte = /node_modules\/svelte\/src\/internal\/([^/]+)/.exec(file);
  if (svelte) return `svelte runtime (${svelte[1]})`;
  const dependency = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (dependency) return dependency[1]!;
  return file;
}

export function summariseProfile(profile: CpuProfile, sources: BundleSources | undefined, top = 15): ProfileSummary {
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const wallMs = (profile.endTime - profile.startTime) / 1_000;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const functions = new Map<string, number>();
  const modules = new Map<string, number>();
  let busyMs = 0;
  for (let i = 0; i < samples.length; i += 1) {
    // A sample stands for the time until the next one (the last one for the mean interval).
    const ms = (deltas[i + 1] ?? (wallMs * 1_000) / Math.max(1, samples.length)) / 1_000;
    const frame = byId.get(samples[i]!)?.callFrame;
    if (!frame || frame.functionName === '(idle)') continue;
    busyMs += ms;
    const { fn, module } = describe(frame, sources);
    functions.set(fn, (functions.get(fn) ?? 0) + ms);
    modules.set(module, (modules.get(module) ?? 0) + ms);
  }
  const ranked = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, selfMs]) => ({ name, selfMs: round(selfMs), percent: round((100 * selfMs) / wallMs, 3) }));
  return { wallMs: round(wallMs), busyPercent: round((100 * busyMs) / wallMs, 2), functions: ranked(functions), modules: ranked(modules) };
}

function describe(frame: CpuProfile['nodes'][number]['callFrame'], sources: BundleSources | undefined): { fn: string; module: string } {
  const name = frame.functionName || '(anonymous)';
  if (!frame.url) return { fn: name, module: name.startsWith('(') ? name : '(native)' };
  const located = sources?.locate(frame.url, frame.lineNumber, frame.columnNumber);
  if (!located) {
    const file = basename(new URL(frame.url, 'http://x/').pathname);
    return { fn: `${file}:${frame.lineNumber + 1} ${name}`, module: file };
  }
  return { fn: `${located.file}:${located.line} ${located.name ?? name}`, module: moduleOf(located.file) };
}

const round = (value: number, digits = 1): number => Number(value.toFixed(digits));
