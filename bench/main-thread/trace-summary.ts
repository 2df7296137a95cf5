/**
 * What the renderer's main thread spends its tasks on, from a Chromium trace (`devtools.timeline` + `toplevel`):
 * every top-level task of the page's main thread is classified by what it ran — a timer (with the callback's source),
 * an event (with its type), an animation frame, a microtask-only task, style/layout/paint, GC, or "other" (Blink/
 * media/IPC work without a timeline event) — and summed. This catches native work the JS profiler only shows as
 * "(program)", and says how many wake-ups per second each kind costs.
 */
import type { BundleSources } from './profile-summary';

export interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: Record<string, unknown>; [key: string]: unknown };
}

export interface TaskKind {
  kind: string;
  tasksPerSecond: number;
  /** Main-thread time of these tasks as a share of wall time, %. */
  percent: number;
}

export interface TraceSummary {
  wallMs: number;
  tasksPerSecond: number;
  busyPercent: number;
  kinds: TaskKind[];
}

const TASK_NAMES = new Set(['ThreadControllerImpl::RunTask', 'ThreadPool_RunTask', 'RunTask']);

/** The renderer main thread that ran the most devtools.timeline events: the page under test. */
function pageMainThread(events: TraceEvent[]): { pid: number; tid: number } | undefined {
  const names = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name) names.set(`${e.pid}:${e.tid}`, e.args.name);
  const counts = new Map<string, number>();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (names.get(key) === 'CrRendererMain' && e.cat.includes('devtools.timeline')) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const best = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (!best) return undefined;
  const [pid, tid] = best.split(':').map(Number);
  return { pid: pid!, tid: tid! };
}

function sourceOf(data: Record<string, unknown> | undefined, sources: BundleSources | undefined): string {
  const url = typeof data?.['url'] === 'string' ? data['url'] : '';
  const line = typeof data?.['lineNumber'] === 'number' ? data['lineNumber'] : 0;
  const column = typeof data?.['columnNumber'] === 'number' ? data['columnNumber'] : 0;
  const fn = typeof data?.['functionName'] === 'string' && data['functionName'] ? data['functionName'] : '';
  if (!url) return fn || '?';
  // Trace positions are 1-based; source maps want 0-based.
  const located = sources?.locate(url, Math.max(0, line - 1), Math.max(0, column - 1));
  return located ? `${located.file}:${located.line}${located.name ? ` ${located.name}` : ''}` : `${url.replace(/^.*\//, '')}:${line} ${fn}`;
}

function classify(task: TraceEvent, children: TraceEvent[], sources: BundleSources | undefined): string {
  const first = (name: string) => children.find((c) => c.name === name);
  const timer = first('TimerFire');
  if (timer) {
    const call = children.find((c) => c.name === 'FunctionCall' && c.ts >= timer.ts);
    return `timer ${sourceOf(call?.args?.data, sources)}`;
  }
  const event = first('EventDispatch');
  if (event) return `event ${String(event.args?.data?.['type'] ?? '?')}`;
  if (first('FireAnimationFrame')) return 'requestAnimationFrame';
  const call = first('FunctionCall');
  if (call) return `call ${sourceOf(call.args?.data, sources)}`;
  if (first('RunMicrotasks') || first('v8.runMicrotasks')) return 'microtasks (promise callbacks)';
  for (const name of ['UpdateLayoutTree', 'Layout', 'Paint', 'PrePaint', 'Layerize', 'UpdateLayer', 'Commit']) if (first(name)) return `rendering (${name})`;
  for (const name of ['MinorGC', 'MajorGC', 'V8.GCScavenger', 'V8.GC_MC_BACKGROUND']) if (first(name)) return 'garbage collection';
  const other = children.find((c) => c.cat.includes('devtools.timeline'));
  if (other) return `other (${other.name})`;
  // No timeline event: where Chromium posted the task from (media, WebRTC, IPC…), when the trace says.
  const posted = [task.args?.['src_func'], task.args?.['src_file']].filter((v) => typeof v === 'string' && v).join(' ');
  return `other (${posted || 'no timeline event'})`;
}

export function summariseTrace(events: TraceEvent[], sources: BundleSources | undefined, top = 15): TraceSummary | undefined {
  const main = pageMainThread(events);
  if (!main) return undefined;
  const own = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X').sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const tasks = own.filter((e) => TASK_NAMES.has(e.name) && e.cat.includes('toplevel'));
  if (tasks.length === 0) return undefined;
  const start = Math.min(...own.map((e) => e.ts));
  const end = Math.max(...own.map((e) => e.ts + (e.dur ?? 0)));
  const wallMs = (end - start) / 1_000;
  const kinds = new Map<string, { count: number; us: number }>();
  let busyUs = 0;
  let cursor = 0;
  for (const task of tasks) {
    const taskEnd = task.ts + (task.dur ?? 0);
    const children: TraceEvent[] = [];
    while (cursor < own.length && own[cursor]!.ts < task.ts) cursor += 1;
    for (let i = cursor; i < own.length && own[i]!.ts <= taskEnd; i += 1) if (own[i] !== task) children.push(own[i]!);
    const kind = classify(task, children, sources);
    const entry = kinds.get(kind) ?? { count: 0, us: 0 };
    entry.count += 1;
    entry.us += task.dur ?? 0;
    kinds.set(kind, entry);
    busyUs += task.dur ?? 0;
  }
  const seconds = wallMs / 1_000;
  return {
    wallMs: Math.round(wallMs),
    tasksPerSecond: Number((tasks.length / seconds).toFixed(1)),
    busyPercent: Number(((100 * busyUs) / 1_000 / wallMs).toFixed(2)),
    kinds: [...kinds.entries()]
      .sort((a, b) => b[1].us - a[1].us)
      .slice(0, top)
      .map(([kind, { count, us }]) => ({
        kind,
        tasksPerSecond: Number((count / seconds).toFixed(1)),
        percent: Number(((100 * us) / 1_000 / wallMs).toFixed(3)),
      })),
  };
}
