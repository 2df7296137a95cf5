/**
 * The receiver's view of the share on the stage: fit, actual size, zoom and pan (share-viewport.ts does the
 * geometry), and full screen. One instance per staged share; it starts at fit.
 */
import {
  ZOOM_STEP,
  actualView,
  canPan,
  fitView,
  panBy,
  relayout,
  viewerKeyAction,
  wheelZoomFactor,
  zoomBy,
  zoomLimits,
  zoomPercent,
  type Point,
  type ShareView,
  type Size,
  type ViewportFrame,
} from './share-viewport';

export class ShareViewer {
  frame = $state.raw<ViewportFrame>({ stage: { width: 0, height: 0 }, content: { width: 0, height: 0 }, pixelRatio: 1 });
  view = $state.raw<ShareView>({ mode: 'fit', scale: 1, x: 0, y: 0 });
  /** The share stage is the document's full-screen element. */
  fullscreen = $state(false);
  /** A pointer is dragging the picture. */
  dragging = $state(false);

  #drag: { pointerId: number; x: number; y: number } | null = null;

  get percent(): number {
    return zoomPercent(this.view, this.frame);
  }

  get pannable(): boolean {
    return canPan(this.view, this.frame);
  }

  get atMinimum(): boolean {
    return this.view.scale <= zoomLimits(this.frame).min + 1e-9;
  }

  get atMaximum(): boolean {
    return this.view.scale >= zoomLimits(this.frame).max - 1e-9;
  }

  /** The stage's box, the decoded size or the pixel ratio changed. */
  measure(stage: Size, content: Size, pixelRatio: number): void {
    const { frame } = this;
    if (
      frame.stage.width === stage.width &&
      frame.stage.height === stage.height &&
      frame.content.width === content.width &&
      frame.content.height === content.height &&
      frame.pixelRatio === pixelRatio
    )
      return;
    this.frame = { stage, content, pixelRatio };
    this.view = relayout(this.view, this.frame);
  }

  fit(): void {
    this.view = fitView(this.frame);
  }

  actualSize(): void {
    this.view = actualView(this.view, this.frame);
  }

  zoomIn(around?: Point): void {
    this.view = zoomBy(this.view, this.frame, ZOOM_STEP, around);
  }

  zoomOut(around?: Point): void {
    this.view = zoomBy(this.view, this.frame, 1 / ZOOM_STEP, around);
  }

  pan(dx: number, dy: number): void {
    this.view = panBy(this.view, this.frame, dx, dy);
  }

  /** Ctrl+wheel (and a trackpad pinch) zooms around the pointer; a plain wheel scrolls a picture larger than the stage.
   * Returns whether the wheel was used (the caller then keeps the page from scrolling). */
  wheel(event: Pick<WheelEvent, 'ctrlKey' | 'metaKey' | 'deltaX' | 'deltaY' | 'deltaMode' | 'shiftKey'>, at: Point): boolean {
    if (event.ctrlKey || event.metaKey) {
      this.view = zoomBy(this.view, this.frame, wheelZoomFactor(event.deltaY, event.deltaMode), at);
      return true;
    }
    if (!this.pannable) return false;
    const unit = event.deltaMode === 1 ? 16 : 1;
    // Shift+wheel scrolls sideways, as in any scrollable page.
    const dx = event.shiftKey && event.deltaX === 0 ? event.deltaY : event.deltaX;
    const dy = event.shiftKey && event.deltaX === 0 ? 0 : event.deltaY;
    this.pan(-dx * unit, -dy * unit);
    return true;
  }

  /** A key on the focused viewer; returns whether it was used. */
  key(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): boolean {
    const action = viewerKeyAction(event);
    if (!action) return false;
    if (action.kind === 'fit') this.fit();
    else if (action.kind === 'zoom') this.view = zoomBy(this.view, this.frame, action.factor);
    else {
      if (!this.pannable) return false; // nothing to move: the arrow keeps its usual meaning
      this.pan(action.dx, action.dy);
    }
    return true;
  }

  /** Drag to pan, only when there is something to move. Returns whether the drag started. */
  pointerDown(pointerId: number, at: Point): boolean {
    if (!this.pannable) return false;
    this.#drag = { pointerId, ...at };
    this.dragging = true;
    return true;
  }

  pointerMove(pointerId: number, at: Point): void {
    const drag = this.#drag;
    if (!drag || drag.pointerId !== pointerId) return;
    this.pan(at.x - drag.x, at.y - drag.y);
    this.#drag = { pointerId, ...at };
  }

  pointerUp(pointerId: number): void {
    if (this.#drag?.pointerId !== pointerId) return;
    this.#drag = null;
    this.dragging = false;
  }

  /** Full screen on the share stage element, or back. */
  async toggleFullscreen(element: HTMLElement): Promise<void> {
    if (document.fullscreenElement) await document.exitFullscreen();
    else await element.requestFullscreen();
  }

  /** The document's full-screen element changed (our button, Esc, or the browser's own UI). */
  fullscreenChanged(element: HTMLElement | undefined): void {
    this.fullscreen = !!element && document.fullscreenElement === element;
  }
}
