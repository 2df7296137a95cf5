import { describe, expect, it } from 'vitest';
import { PAN_STEP, ZOOM_STEP } from './share-viewport';
import { ShareViewer } from './share-viewer.svelte';

const keys = { ctrlKey: false, metaKey: false, altKey: false, shiftKey: false };
const wheel = { ctrlKey: false, metaKey: false, shiftKey: false, deltaX: 0, deltaY: 0, deltaMode: 0 };

/** A 1280×720 share on a 960×600 stage. */
function viewer(pixelRatio = 1): ShareViewer {
  const v = new ShareViewer();
  v.measure({ width: 960, height: 600 }, { width: 1280, height: 720 }, pixelRatio);
  return v;
}

describe('ShareViewer', () => {
  it('starts at fit and follows the stage while fitting', () => {
    const v = viewer();
    expect(v.view.mode).toBe('fit');
    expect(v.percent).toBe(75);
    expect(v.atMinimum).toBe(true);
    v.measure({ width: 640, height: 600 }, { width: 1280, height: 720 }, 1);
    expect(v.percent).toBe(50);
  });

  it('zooms with the buttons up to 400 % and back down to fit', () => {
    const v = viewer();
    v.zoomIn();
    expect(v.view.scale).toBeCloseTo(0.75 * ZOOM_STEP);
    for (let i = 0; i < 20; i++) v.zoomIn();
    expect(v.percent).toBe(400);
    expect(v.atMaximum).toBe(true);
    for (let i = 0; i < 20; i++) v.zoomOut();
    expect(v.view.mode).toBe('fit');
  });

  it('Ctrl+wheel zooms at the pointer; a plain wheel scrolls only a picture larger than the stage', () => {
    const v = viewer();
    expect(v.wheel({ ...wheel, deltaY: 100 }, { x: 0, y: 0 })).toBe(false); // fits: the page may scroll
    expect(v.wheel({ ...wheel, ctrlKey: true, deltaY: -200 }, { x: 100, y: 100 })).toBe(true);
    expect(v.view.mode).toBe('zoomed');
    const { x, y } = v.view;
    expect(v.wheel({ ...wheel, deltaY: 30, deltaX: 10 }, { x: 0, y: 0 })).toBe(true);
    expect(v.view.x).toBeCloseTo(x - 10);
    expect(v.view.y).toBeCloseTo(y - 30);
  });

  it('keys: + and 0 act, arrows pan only what can move, other keys pass', () => {
    const v = viewer();
    expect(v.key({ ...keys, key: 'ArrowLeft' })).toBe(false);
    expect(v.key({ ...keys, key: '+' })).toBe(true);
    v.actualSize();
    const x = v.view.x;
    expect(v.key({ ...keys, key: 'ArrowLeft' })).toBe(true);
    expect(v.view.x).toBe(Math.min(0, x + PAN_STEP));
    expect(v.key({ ...keys, key: '0' })).toBe(true);
    expect(v.view.mode).toBe('fit');
    expect(v.key({ ...keys, key: 'm' })).toBe(false);
  });

  it('drags a zoomed picture with the pointer that started the drag', () => {
    const v = viewer();
    expect(v.pointerDown(1, { x: 10, y: 10 })).toBe(false); // nothing to move at fit
    v.actualSize();
    const { x, y } = v.view;
    expect(v.pointerDown(1, { x: 500, y: 300 })).toBe(true);
    expect(v.dragging).toBe(true);
    v.pointerMove(2, { x: 0, y: 0 }); // another finger: ignored
    v.pointerMove(1, { x: 480, y: 290 });
    v.pointerMove(1, { x: 470, y: 290 });
    expect(v.view.x).toBeCloseTo(x - 30);
    expect(v.view.y).toBeCloseTo(y - 10);
    v.pointerUp(1);
    expect(v.dragging).toBe(false);
    v.pointerMove(1, { x: 0, y: 0 });
    expect(v.view.x).toBeCloseTo(x - 30);
  });

  it('keeps actual size at one video pixel per device pixel when the pixel ratio changes', () => {
    const v = viewer();
    v.actualSize();
    v.measure({ width: 960, height: 600 }, { width: 1280, height: 720 }, 2);
    expect(v.view.mode).toBe('actual');
    expect(v.view.scale).toBe(0.5);
    expect(v.percent).toBe(100);
  });
});
