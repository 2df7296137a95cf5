import { describe, expect, it } from 'vitest';
import {
  MAX_ZOOM,
  PAN_STEP,
  ZOOM_STEP,
  actualView,
  canPan,
  fitScale,
  fitView,
  panBy,
  relayout,
  viewerKeyAction,
  wheelZoomFactor,
  zoomBy,
  zoomLimits,
  zoomPercent,
  zoomTo,
  type ShareView,
  type ViewportFrame,
} from './share-viewport';

/** A 1280×720 share on a 960×600 stage at 1 device pixel per CSS pixel. */
const frame: ViewportFrame = { stage: { width: 960, height: 600 }, content: { width: 1280, height: 720 }, pixelRatio: 1 };

/** The video pixel under a stage point. */
const contentAt = (view: ShareView, x: number, y: number) => ({ x: (x - view.x) / view.scale, y: (y - view.y) / view.scale });

describe('fit', () => {
  it('shows the whole picture, letterboxed and centred', () => {
    const view = fitView(frame);
    expect(view.scale).toBeCloseTo(0.75); // 960 / 1280 (600 / 720 would be larger)
    expect(view.mode).toBe('fit');
    expect(view.x).toBe(0);
    expect(view.y).toBeCloseTo((600 - 540) / 2);
    expect(canPan(view, frame)).toBe(false);
  });

  it('is 1 until the video has a size', () => {
    expect(fitScale({ ...frame, content: { width: 0, height: 0 } })).toBe(1);
  });

  it('keeps fitting when the stage changes', () => {
    const resized = { ...frame, stage: { width: 640, height: 720 } };
    expect(relayout(fitView(frame), resized)).toEqual(fitView(resized));
  });
});

describe('actual size', () => {
  it('draws one video pixel per device pixel, centred on what was at the centre', () => {
    const view = actualView(fitView(frame), frame);
    expect(view.mode).toBe('actual');
    expect(view.scale).toBe(1);
    // The picture's centre stays at the stage's centre, and the picture still covers the stage.
    expect(contentAt(view, 480, 300).x).toBeCloseTo(640);
    expect(contentAt(view, 480, 300).y).toBeCloseTo(360);
    expect(canPan(view, frame)).toBe(true);
  });

  it('follows the pixel ratio (a HiDPI screen draws the video at half its CSS size)', () => {
    const hidpi = { ...frame, pixelRatio: 2 };
    const view = actualView(fitView(hidpi), hidpi);
    expect(view.scale).toBe(0.5);
    expect(frame.content.width * view.scale * hidpi.pixelRatio).toBe(1280);
    expect(zoomPercent(view, hidpi)).toBe(100);
  });

  it('centres a picture smaller than the stage', () => {
    const small = { ...frame, content: { width: 320, height: 200 } };
    const view = actualView(fitView(small), small);
    expect(view).toEqual({ mode: 'actual', scale: 1, x: 320, y: 200 });
  });
});

describe('zoom', () => {
  it('keeps the point under the pointer where it is', () => {
    const start = fitView(frame);
    const before = contentAt(start, 200, 150);
    const view = zoomBy(start, frame, 2, { x: 200, y: 150 });
    expect(view.scale).toBeCloseTo(1.5);
    expect(view.mode).toBe('zoomed');
    const after = contentAt(view, 200, 150);
    expect(after.x).toBeCloseTo(before.x);
    expect(after.y).toBeCloseTo(before.y);
  });

  it('is clamped between fit and 400 % of actual size', () => {
    expect(zoomLimits(frame)).toEqual({ min: 0.75, max: MAX_ZOOM });
    expect(zoomTo(fitView(frame), frame, 50, { x: 0, y: 0 }).scale).toBe(MAX_ZOOM);
    expect(zoomTo(fitView(frame), frame, 0.01, { x: 0, y: 0 })).toEqual(fitView(frame));
  });

  it('goes below fit only as far as actual size for a picture larger than the stage needs', () => {
    const small = { ...frame, content: { width: 320, height: 200 } };
    expect(zoomLimits(small)).toEqual({ min: 1, max: 4 });
    const large = { ...frame, stage: { width: 8000, height: 4500 } };
    expect(zoomLimits(large).max).toBeCloseTo(6.25); // fit itself is above 400 %
  });

  it('calls a zoom that lands on fit or actual size by that name', () => {
    const zoomed = zoomBy(fitView(frame), frame, ZOOM_STEP);
    expect(zoomBy(zoomed, frame, 1 / ZOOM_STEP).mode).toBe('fit');
    expect(zoomTo(zoomed, frame, 1, { x: 10, y: 10 }).mode).toBe('actual');
  });

  it('reads Ctrl+wheel: up enlarges, down shrinks, lines count as 16 pixels', () => {
    expect(wheelZoomFactor(-100, 0)).toBeGreaterThan(1);
    expect(wheelZoomFactor(100, 0)).toBeLessThan(1);
    expect(wheelZoomFactor(3, 1)).toBeCloseTo(wheelZoomFactor(48, 0));
    expect(wheelZoomFactor(100, 0) * wheelZoomFactor(-100, 0)).toBeCloseTo(1);
  });
});

describe('pan', () => {
  it('moves a zoomed picture and stops at its edges', () => {
    const view = actualView(fitView(frame), frame); // 1280×720 on 960×600: x in [-320, 0], y in [-120, 0]
    const moved = panBy(view, frame, 100, -50);
    expect(moved.x).toBeCloseTo(view.x + 100);
    expect(moved.y).toBeCloseTo(view.y - 50);
    expect(panBy(view, frame, 5000, 5000)).toMatchObject({ x: 0, y: 0 });
    expect(panBy(view, frame, -5000, -5000)).toMatchObject({ x: -320, y: -120 });
  });

  it('does not move a picture that fits', () => {
    const view = fitView(frame);
    expect(panBy(view, frame, 100, 100)).toEqual(view);
  });

  it('clamps again when the stage grows around a panned picture', () => {
    const view = panBy(zoomTo(fitView(frame), frame, 2, { x: 0, y: 0 }), frame, -5000, -5000);
    const wider = { ...frame, stage: { width: 2400, height: 1400 } };
    const after = relayout(view, wider);
    expect(after.scale).toBe(2);
    expect(after.x).toBe(2400 - 2560);
    expect(after.y).toBe(-40);
  });
});

describe('keys', () => {
  const key = (key: string, extra: Partial<KeyboardEvent> = {}) =>
    viewerKeyAction({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...extra });

  it('maps + − 0 and the arrows', () => {
    expect(key('+')).toEqual({ kind: 'zoom', factor: ZOOM_STEP });
    expect(key('=')).toEqual({ kind: 'zoom', factor: ZOOM_STEP });
    expect(key('-')).toEqual({ kind: 'zoom', factor: 1 / ZOOM_STEP });
    expect(key('0')).toEqual({ kind: 'fit' });
    expect(key('ArrowRight')).toEqual({ kind: 'pan', dx: -PAN_STEP, dy: 0 });
    expect(key('ArrowUp', { shiftKey: true })).toEqual({ kind: 'pan', dx: 0, dy: PAN_STEP * 4 });
  });

  it('leaves other keys and modifier chords alone', () => {
    expect(key('m')).toBeNull();
    expect(key('+', { ctrlKey: true })).toBeNull();
    expect(key('0', { metaKey: true })).toBeNull();
  });
});
