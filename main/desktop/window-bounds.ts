/**
 * The main window's size and position across restarts: saved as window-state.json in user data, restored only where
 * it can still be seen. A monitor that was unplugged, a resolution that shrank or a damaged file never leaves the
 * window off-screen or larger than the screen: it then opens centred on the primary display.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as v from 'valibot';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1280, height: 800 };
export const MIN_SIZE = { width: 800, height: 600 };
/** How much of the window (its top part, where the title bar is) must be on a display to be reachable. */
const MIN_VISIBLE = { width: 160, height: 48 };
const FILE_NAME = 'window-state.json';

const coordinate = v.pipe(v.number(), v.integer(), v.minValue(-100_000), v.maxValue(100_000));
const length = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100_000));
const WindowStateSchema = v.object({
  bounds: v.object({ x: coordinate, y: coordinate, width: length, height: length }),
  maximized: v.boolean(),
});

/**
 * Where to open the window. `workAreas[0]` is the primary display's work area (the screen minus task bars and docks).
 */
export function restoreWindowState(saved: WindowState | null, workAreas: readonly Rect[]): WindowState {
  const primary = workAreas[0] ?? { x: 0, y: 0, ...DEFAULT_SIZE };
  const home = saved ? workAreas.find((area) => titleBarVisible(saved.bounds, area)) : undefined;
  if (!saved || !home) return { bounds: centred(DEFAULT_SIZE, primary), maximized: saved?.maximized ?? false };
  const width = clamp(saved.bounds.width, Math.min(MIN_SIZE.width, home.width), home.width);
  const height = clamp(saved.bounds.height, Math.min(MIN_SIZE.height, home.height), home.height);
  return {
    bounds: {
      x: clamp(saved.bounds.x, home.x, home.x + home.width - width),
      y: clamp(saved.bounds.y, home.y, home.y + home.height - height),
      width,
      height,
    },
    maximized: saved.maximized,
  };
}

function titleBarVisible(bounds: Rect, area: Rect): boolean {
  const titleBar = { ...bounds, height: Math.min(bounds.height, MIN_VISIBLE.height) };
  const overlapWidth = Math.min(titleBar.x + titleBar.width, area.x + area.width) - Math.max(titleBar.x, area.x);
  const overlapHeight = Math.min(titleBar.y + titleBar.height, area.y + area.height) - Math.max(titleBar.y, area.y);
  return overlapWidth >= Math.min(MIN_VISIBLE.width, bounds.width) && overlapHeight >= Math.min(MIN_VISIBLE.height, bounds.height);
}

function centred(size: { width: number; height: number }, area: Rect): Rect {
  const width = Math.min(size.width, area.width);
  const height = Math.min(size.height, area.height);
  return { x: area.x + Math.round((area.width - width) / 2), y: area.y + Math.round((area.height - height) / 2), width, height };
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, value));
}

/** The saved state, or null when there is none or it cannot be trusted. */
export async function loadWindowState(userDataDir: string): Promise<WindowState | null> {
  try {
    const parsed = v.safeParse(WindowStateSchema, JSON.parse(await readFile(join(userDataDir, FILE_NAME), 'utf8')));
    return parsed.success ? parsed.output : null;
  } catch {
    return null;
  }
}

/** Written to a temporary file first, so a crash mid-write never leaves a half file. */
export async function saveWindowState(userDataDir: string, state: WindowState): Promise<void> {
  const path = join(userDataDir, FILE_NAME);
  await writeFile(`${path}.tmp`, JSON.stringify(state));
  await rename(`${path}.tmp`, path);
}
