/**
 * bench/results/REPORT.md: issue 17's targets with the measured values, PASS/MISS and by how much, from the latest
 * app-join, app-scale and app-footprint results (a section whose result file is missing says so).
 */
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import type { Summary } from './support/stats';
import { median, round } from './support/stats';
import type { ScaleSample } from './app-scale.bench';

interface Stored<T> {
  date: string;
  data: T;
}

interface JoinSummary {
  join: Summary;
  joinFloor: Summary;
  joinRatio: number;
  joinPhases: Record<string, number>;
  /** From the list of who is here showing on pre-join to its early subscription playing, when Join is clicked. */
  earlyMediaWaitMs?: Summary;
  firstJoinMs: number;
  firstJoinPhases: Record<string, number>;
  remote: Summary;
  remoteFloor: Summary;
  remoteRatio: number;
  remotePhases: Record<string, number>;
}

interface JoinData {
  options: { runs: number; remoteRuns: number };
  summary: Record<string, JoinSummary>;
}

interface ScaleData {
  options: { windowMs: number };
  sourceFps: number;
  fullRateFps: number;
  appPageTiles: number;
  /** The test server's threads (SFU and bots) ran at a higher priority than the browser. */
  botsAhead?: boolean;
  samples: ScaleSample[];
}

interface Size {
  raw: number;
  gzip: number;
}

interface FootprintData {
  options: { cycles: number; starts: number };
  bundle: { initialJs: Size; initialCss: Size; lazyJs: Size; lazyCss: Size };
  library: Record<string, Size>;
  dependencies: Record<string, Size>;
  startTimes: number[];
  heap: { inCallMb: number; baselineMb: number; finalMb: number; growthMb: number; trend: { cycle: number; heapMb: number }[] };
}

const TARGET_RATIO = 1.2;
const INITIAL_BUDGET_KB = 60;
const LIBRARY_BUDGET_KB = 40;
const HEAP_BUDGET_MB = 5;
const SCALE_TILES = 25;
const SCALE_FPS = 15;

function load<T>(dir: string, name: string): Stored<T> | null {
  const file = join(dir, `${name}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Stored<T>) : null;
}

const verdict = (pass: boolean): string => (pass ? '**PASS**' : '**MISS**');
const kb = (bytes: number): number => round(bytes / 1024);
const table = (head: string[], rows: (string | number)[][]): string =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
/** Signalling (everything before the media connection, which the floor does not do) against the media path. */
function limits(phases: Record<string, number>): string {
  const entries = Object.entries(phases);
  const mediaFrom = entries.findIndex(([phase]) => phase === 'ICE/DTLS');
  const signalling = entries.slice(0, mediaFrom);
  const media = entries.slice(mediaFrom);
  const total = (list: [string, number][]) => round(list.reduce((sum, [, ms]) => sum + ms, 0));
  const list = (items: [string, number][]) => items.map(([phase, ms]) => `${phase} ${ms}`).join(', ');
  return `signalling before the media connection ${total(signalling)} ms (${list(signalling)}); media ${total(media)} ms (${list(media)})`;
}

function latencyTargets(join: Stored<JoinData> | null): string[][] {
  if (!join) return [['Join → first frame / remote publish → first frame', '—', 'no app-join result', '']];
  return Object.entries(join.data.summary).flatMap(([dialect, s]) => {
    const row = (what: string, value: Summary, floor: Summary, ratio: number, phases: Record<string, number>) => {
      const allowed = round(floor.median * TARGET_RATIO);
      return [
        `${what}, dialect ${dialect}: median ≤ ${TARGET_RATIO}× floor`,
        `${value.median} ms (p95 ${value.p95}) vs floor ${floor.median} ms (p95 ${floor.p95}) = **${ratio}×**`,
        ratio <= TARGET_RATIO ? verdict(true) : `${verdict(false)} by ${round(value.median - allowed)} ms (${round(ratio - TARGET_RATIO, 2)}× over)`,
        limits(phases),
      ];
    };
    return [
      row('Join → first frame', s.join, s.joinFloor, s.joinRatio, s.joinPhases),
      row('Remote publish → first frame', s.remote, s.remoteFloor, s.remoteRatio, s.remotePhases),
    ];
  });
}

function scaleTargets(scale: Stored<ScaleData> | null): string[][] {
  if (!scale) return [['25 tiles at ≥ 15 fps; CPU sub-linear 9 → 25', '—', 'no app-scale result', '']];
  const app = (remotes: number) => scale.data.samples.find((s) => s.mode === 'app' && s.remotes === remotes);
  const at25 = app(SCALE_TILES);
  const at9 = app(9);
  const all25 = scale.data.samples.find((s) => s.mode === 'no adaptation' && s.remotes === SCALE_TILES);
  const unadapted = all25 ? median(all25.fps) : undefined;
  const rows: string[][] = [];
  if (at25) {
    const full = at25.fps.filter((fps) => fps >= scale.data.fullRateFps).length;
    rows.push([
      `${SCALE_TILES} tiles at ≥ ${SCALE_FPS} fps each (adaptive subscriptions)`,
      `${at25.tiles} tiles decoding, ${full} at ≥ ${scale.data.fullRateFps} fps (min ${Math.min(...at25.fps)} fps)`,
      verdict(at25.tiles >= SCALE_TILES && full >= SCALE_TILES),
      `${
        scale.data.appPageTiles < SCALE_TILES
          ? `the app shows ${scale.data.appPageTiles} remote tiles per page (the other ${SCALE_TILES - scale.data.appPageTiles} are audio-only); `
          : `all ${SCALE_TILES} on one page; `
      }bots are set to ${scale.data.sourceFps} fps (a tile at ≥ ${scale.data.fullRateFps} fps shows every frame of that)${
        at25.sourceFps !== undefined
          ? `; the bots delivered ${at25.sourceFps} fps (median) ${scale.data.botsAhead ? 'running ahead of the browser' : 'sharing the 2 cores with the browser at its priority'}`
          : ''
      }${unadapted ? `; decoding all ${SCALE_TILES} (no adaptation) this machine shows ${unadapted} fps (median)` : ''}`,
    ]);
  }
  if (at25 && at9) {
    const growth = round(at25.browserCpuPercent / at9.browserCpuPercent, 2);
    const linear = round(SCALE_TILES / 9, 2);
    rows.push([
      'Browser CPU grows sub-linearly from 9 to 25 participants',
      `${at9.browserCpuPercent} % → ${at25.browserCpuPercent} % = ${growth}× (linear: ${linear}×)`,
      verdict(growth < linear),
      `grid tiles from 7 cells on get the thumbnail cap (320x180 at 15 fps), which the bots send already: what stays flat is the app's own work per tile${
        scale.data.appPageTiles < SCALE_TILES ? `; beyond one page (${scale.data.appPageTiles} remote tiles) the others get audio only` : ''
      }`,
    ]);
  }
  return rows;
}

function footprintTargets(footprint: Stored<FootprintData> | null): string[][] {
  if (!footprint) return [['Footprint targets', '—', 'no app-footprint result', '']];
  const { bundle, library, heap, options } = footprint.data;
  const initial = kb(bundle.initialJs.gzip);
  const [variant, smallest] = Object.entries(library)
    .filter(([name]) => name.includes('only'))
    .sort((a, b) => a[1].gzip - b[1].gzip)[0]!;
  const lib = kb(smallest.gzip);
  const dependencies = Object.entries(footprint.data.dependencies);
  const dependencyKb = dependencies.reduce((sum, [, size]) => sum + size.gzip, 0) / 1024;
  return [
    [
      `Heap growth over ${options.cycles} join/leave cycles ≤ ${HEAP_BUDGET_MB} MB`,
      `${heap.growthMb} MB (${heap.baselineMb} → ${heap.finalMb} MB after GC)`,
      heap.growthMb <= HEAP_BUDGET_MB ? verdict(true) : `${verdict(false)} by ${round(heap.growthMb - HEAP_BUDGET_MB, 2)} MB`,
      '',
    ],
    [
      `Initial renderer bundle ≤ ${INITIAL_BUDGET_KB} KB gzip`,
      `JS ${initial} KB gzip (${kb(bundle.initialJs.raw)} KB raw); CSS ${kb(bundle.initialCss.gzip)} KB gzip more`,
      initial <= INITIAL_BUDGET_KB ? verdict(true) : `${verdict(false)} by ${round(initial - INITIAL_BUDGET_KB)} KB`,
      'the call screen, the Licode library and socket.io load lazily',
    ],
    [
      `Licode library with one transport ≤ ${LIBRARY_BUDGET_KB} KB gzip`,
      `${lib} KB gzip (${variant})`,
      lib <= LIBRARY_BUDGET_KB ? verdict(true) : `${verdict(false)} by ${round(lib - LIBRARY_BUDGET_KB, 1)} KB`,
      `${dependencies.map(([name, size]) => `${name} ${kb(size.gzip)} KB`).join(' + ')} of it are dependencies; the library's own code is about ${round(lib - dependencyKb)} KB`,
    ],
  ];
}

function joinSection(join: Stored<JoinData> | null): string {
  if (!join) return '_No app-join result._';
  const entries = Object.entries(join.data.summary);
  const phaseNames = Object.keys(entries[0]?.[1].joinPhases ?? {});
  const remoteNames = Object.keys(entries[0]?.[1].remotePhases ?? {});
  return [
    `${join.data.options.runs} joins and ${join.data.options.remoteRuns} remote publications per dialect, each after a floor run (${join.date}). The join floor subscribes to the bot the app sees; the remote-publication floor to a bot the moment the room announced it, as the app's new tile does (a new publisher's first keyframe on request comes later). Instants compared across processes use the wall clock (±1 ms).`,
    '',
    table(
      [
        'dialect',
        'floor median / p95',
        'join median / p95',
        'join × floor',
        'first join of the profile (probe)',
        'remote publish median / p95',
        'remote × floor',
      ],
      entries.map(([d, s]) => [
        d,
        `${s.joinFloor.median} / ${s.joinFloor.p95} ms`,
        `${s.join.median} / ${s.join.p95} ms`,
        `${s.joinRatio}×`,
        `${round(s.firstJoinMs)} ms`,
        `${s.remote.median} / ${s.remote.p95} ms`,
        `${s.remoteRatio}×`,
      ]),
    ),
    '',
    `Join is clicked once pre-join lists who is here and its early subscription plays (features/call/warm-videos.ts), as a person reading the list would: that came ${entries
      .map(([d, s]) => `${d} ${s.earlyMediaWaitMs ? `${s.earlyMediaWaitMs.median} ms (p95 ${s.earlyMediaWaitMs.p95})` : 'n/a'}`)
      .join(', ')} after the list showed.`,
    '',
    "Join phases, median ms (from the app's `licode:*` performance marks):",
    '',
    table(
      ['dialect', ...phaseNames, 'first join: detection'],
      entries.map(([d, s]) => [d, ...phaseNames.map((p) => s.joinPhases[p]!), round(s.firstJoinPhases['detection'] ?? NaN)]),
    ),
    '',
    'Remote publish phases, median ms:',
    '',
    table(
      ['dialect', ...remoteNames],
      entries.map(([d, s]) => [d, ...remoteNames.map((p) => s.remotePhases[p]!)]),
    ),
  ].join('\n');
}

function scaleSection(scale: Stored<ScaleData> | null): string {
  if (!scale) return '_No app-scale result._';
  return [
    `Window ${scale.data.options.windowMs / 1000} s per configuration; CPU 100 % = one core (${scale.date}). ${
      scale.data.botsAhead
        ? "The test server's threads (SFU and bots, standing in for other people's computers) ran at a higher priority than the browser, which got what they left."
        : 'The test server (SFU and bots) and the browser shared the cores at the same priority.'
    }`,
    '',
    table(
      [
        'mode',
        'remotes',
        'tiles decoding',
        'fps median',
        'fps min',
        'bots sent (fps median)',
        `tiles ≥ ${scale.data.fullRateFps} fps`,
        'browser CPU %',
        'server CPU % (incl. bots)',
        'heap MB',
      ],
      scale.data.samples.map((s) => [
        s.mode,
        s.remotes,
        s.tiles,
        round(median(s.fps)),
        round(Math.min(...s.fps)),
        s.sourceFps ?? '—',
        s.fps.filter((fps) => fps >= scale.data.fullRateFps).length,
        s.browserCpuPercent,
        s.serverCpuPercent,
        s.heapMb,
      ]),
    ),
  ].join('\n');
}

function footprintSection(footprint: Stored<FootprintData> | null): string {
  if (!footprint) return '_No app-footprint result._';
  const { bundle, library, startTimes, heap } = footprint.data;
  const size = (s: Size) => `${kb(s.raw)} KB / ${kb(s.gzip)} KB`;
  return [
    table(
      ['what', 'raw / gzip'],
      [
        ['initial renderer JS', size(bundle.initialJs)],
        ['initial renderer CSS', size(bundle.initialCss)],
        ['lazily loaded JS (call screen, library, socket.io)', size(bundle.lazyJs)],
        ['lazily loaded CSS', size(bundle.lazyCss)],
        ...Object.entries(library).map(([variant, s]) => [`Licode library, ${variant}`, size(s)]),
        ...Object.entries(footprint.data.dependencies).map(([name, s]) => [`${name} alone`, size(s)]),
      ],
    ),
    '',
    `Web host start → first interactive screen (home, Continue visible): median ${round(median(startTimes))} ms of ${startTimes.length}.`,
    `JS heap in a call with one remote: ${heap.inCallMb} MB; after leaving ${heap.baselineMb} MB; trend over the cycles: ${heap.trend.map((t) => `${t.cycle}: ${t.heapMb}`).join(', ')} MB.`,
  ].join('\n');
}

export function renderReport(dir: string): string {
  const join = load<JoinData>(dir, 'app-join');
  const scale = load<ScaleData>(dir, 'app-scale');
  const footprint = load<FootprintData>(dir, 'app-footprint');
  return [
    '# Benchmark report (issue 17)',
    '',
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${round(totalmem() / 2 ** 30)} GiB, load average ${loadavg()
      .map((l) => round(l, 2))
      .join(' / ')} when this report was written (the machine is shared: read absolute figures as upper bounds, ratios to the floor as the claim).`,
    '',
    '## Targets',
    '',
    table(['target', 'measured', 'result', 'what limits it'], [...latencyTargets(join), ...scaleTargets(scale), ...footprintTargets(footprint)]),
    '',
    '## Join and remote publish → first frame (whole app in the web host vs the raw-WebRTC floor)',
    '',
    joinSection(join),
    '',
    '## Scale (1280×720 page, dialect C)',
    '',
    scaleSection(scale),
    '',
    '## Footprint',
    '',
    footprintSection(footprint),
    '',
    '## Reproduce',
    '',
    '`flock /tmp/licode-e2e.lock npm run bench -- app` (all three), or `npm run bench -- app-join` / `app-scale` / `app-footprint`; the renderer is built from this tree first. Method: bench/app/*.bench.ts.',
    '',
  ].join('\n');
}

export async function writeReport(dir: string): Promise<string> {
  const file = join(dir, 'REPORT.md');
  await writeFile(file, renderReport(dir));
  return file;
}
