/**
 * Geometry of the shared-screen viewer: how large the shared video is drawn on the stage and where, for "fit",
 * "actual size" (one video pixel per device pixel) and free zoom, with panning clamped so the picture never leaves
 * empty space on a side it could fill. Pure functions; the rune module (share-viewer.svelte.ts) holds the state.
 * Stage sizes and positions are CSS pixels, content sizes the decoded video's own pixels.
 */
export interface Size {
  readonly width: number;
  readonly height: number;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface ViewportFrame {
  /** The box the video is shown in. */
  readonly stage: Size;
  /** The decoded video (videoWidth × videoHeight); 0 × 0 until its first frame. */
  readonly content: Size;
  /** Device pixels per CSS pixel (window.devicePixelRatio). */
  readonly pixelRatio: number;
}

/** 'fit' follows the stage's size; 'actual' keeps one video pixel per device pixel; 'zoomed' is anything else. */
export type ViewMode = 'fit' | 'actual' | 'zoomed';

export interface ShareView {
  readonly mode: ViewMode;
  /** CSS pixels per video pixel. */
  readonly scale: number;
  /** The video's top-left corner relative to the stage's, CSS pixels (negative when panned into a larger picture). */
  readonly x: number;
  readonly y: number;
}

/** The most a shared screen can be enlarged: 400 % of its actual pixels (or fit, on a stage larger than that). */
export const MAX_ZOOM = 4;
/** One step of the zoom buttons and the +/− keys. */
export const ZOOM_STEP = 1.25;
/** How far one arrow key moves the picture, CSS pixels. */
export const PAN_STEP = 48;
/** Tolerance when telling whether a scale is "fit" or "actual" (floating-point products of the same steps). */
const SAME_SCALE = 1e-6;

/** The scale that shows the whole video inside the stage (1 until both sizes are known). */
export function fitScale(frame: ViewportFrame): number {
  const { stage, content } = frame;
  if (content.width <= 0 || content.height <= 0 || stage.width <= 0 || stage.height <= 0) return 1;
  return Math.min(stage.width / content.width, stage.height / content.height);
}

/** The scale of one video pixel per device pixel. */
export function actualScale(frame: ViewportFrame): number {
  return 1 / (frame.pixelRatio > 0 ? frame.pixelRatio : 1);
}

/** The scales the viewer allows: from the smaller of fit and actual size up to MAX_ZOOM × actual (or fit if larger). */
export function zoomLimits(frame: ViewportFrame): { min: number; max: number } {
  const fit = fitScale(frame);
  const actual = actualScale(frame);
  return { min: Math.min(fit, actual), max: Math.max(fit, actual * MAX_ZOOM) };
}

/** The view at `scale` with its corner at (x, y), clamped: scale to the limits, and each axis so that a picture
 * smaller than the stage is centred and a larger one always covers the stage. The mode follows from the scale. */
export function placeView(frame: ViewportFrame, scale: number, x: number, y: number): ShareView {
  const { min, max } = zoomLimits(frame);
  const clamped = Math.min(max, Math.max(min, scale));
  return {
    mode: modeOf(frame, clamped),
    scale: clamped,
    x: clampAxis(x, frame.content.width * clamped, frame.stage.width),
    y: clampAxis(y, frame.content.height * clamped, frame.stage.height),
  };
}

export function fitView(frame: ViewportFrame): ShareView {
  return placeView(frame, fitScale(frame), 0, 0);
}

/** Actual size, keeping what is at the stage's centre at the centre. */
export function actualView(view: ShareView, frame: ViewportFrame): ShareView {
  return zoomTo(view, frame, actualScale(frame), stageCentre(frame));
}

/** Zoom to `scale` keeping the picture's point under `around` (stage coordinates) where it is. */
export function zoomTo(view: ShareView, frame: ViewportFrame, scale: number, around: Point): ShareView {
  const contentX = (around.x - view.x) / view.scale;
  const contentY = (around.y - view.y) / view.scale;
  const { min, max } = zoomLimits(frame);
  const next = Math.min(max, Math.max(min, scale));
  return placeView(frame, next, around.x - contentX * next, around.y - contentY * next);
}

/** Zoom by `factor` (> 1 enlarges) around a point of the stage, by default its centre. */
export function zoomBy(view: ShareView, frame: ViewportFrame, factor: number, around: Point = stageCentre(frame)): ShareView {
  return zoomTo(view, frame, view.scale * factor, around);
}

/** Move the picture by (dx, dy) CSS pixels (it follows a dragging pointer), within the clamps. */
export function panBy(view: ShareView, frame: ViewportFrame, dx: number, dy: number): ShareView {
  return placeView(frame, view.scale, view.x + dx, view.y + dy);
}

/**
 * The view after the stage, the video's size or the pixel ratio changed: fit keeps fitting, actual size keeps one
 * video pixel per device pixel (around the centre), a free zoom keeps its scale and is clamped again.
 */
export function relayout(view: ShareView, frame: ViewportFrame): ShareView {
  if (view.mode === 'fit') return fitView(frame);
  if (view.mode === 'actual') return actualView(view, frame);
  return placeView(frame, view.scale, view.x, view.y);
}

/** Whether the picture is larger than the stage in some direction, so dragging and arrow keys move it. */
export function canPan(view: ShareView, frame: ViewportFrame): boolean {
  return frame.content.width * view.scale > frame.stage.width + 0.5 || frame.content.height * view.scale > frame.stage.height + 0.5;
}

/** The zoom shown to people: 100 % is actual size. */
export function zoomPercent(view: ShareView, frame: ViewportFrame): number {
  return Math.round((view.scale / actualScale(frame)) * 100);
}

/** The zoom factor of one wheel event (Ctrl+wheel, or a trackpad pinch, which Chromium reports as one). */
export function wheelZoomFactor(deltaY: number, deltaMode: number): number {
  const pixels = deltaMode === 1 ? deltaY * 16 : deltaMode === 2 ? deltaY * 400 : deltaY;
  return Math.exp(-pixels / 500);
}

export type ViewerKeyAction = { kind: 'zoom'; factor: number } | { kind: 'fit' } | { kind: 'pan'; dx: number; dy: number };

/** What a key pressed on the focused viewer does, or null (modifier chords stay the browser's: Ctrl+plus zooms the page). */
export function viewerKeyAction(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): ViewerKeyAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  const step = event.shiftKey ? PAN_STEP * 4 : PAN_STEP;
  switch (event.key) {
    case '+':
    case '=':
      return { kind: 'zoom', factor: ZOOM_STEP };
    case '-':
    case '_':
      return { kind: 'zoom', factor: 1 / ZOOM_STEP };
    case '0':
      return { kind: 'fit' };
    // An arrow shows more of that side: the picture moves the other way.
    case 'ArrowLeft':
      return { kind: 'pan', dx: step, dy: 0 };
    case 'ArrowRight':
      return { kind: 'pan', dx: -step, dy: 0 };
    case 'ArrowUp':
      return { kind: 'pan', dx: 0, dy: step };
    case 'ArrowDown':
      return { kind: 'pan', dx: 0, dy: -step };
    default:
      return null;
  }
}

function stageCentre(frame: ViewportFrame): Point {
  return { x: frame.stage.width / 2, y: frame.stage.height / 2 };
}

function modeOf(frame: ViewportFrame, scale: number): ViewMode {
  if (Math.abs(scale - fitScale(frame)) < SAME_SCALE) return 'fit';
  if (Math.abs(scale - actualScale(frame)) < SAME_SCALE) return 'actual';
  return 'zoomed';
}

/** A picture no larger than the stage is centred; a larger one may move only as far as its edges. */
function clampAxis(position: number, size: number, stage: number): number {
  if (size <= stage) return (stage - size) / 2;
  return Math.min(0, Math.max(stage - size, position));
}
