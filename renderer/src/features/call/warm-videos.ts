/**
 * Videos that already play a participant's camera before the call screen exists. Pre-join subscribes to the first
 * participants early (prejoin/preview-room.ts); a <video> created when the call screen mounts would show nothing until
 * the next frame arrives and is decoded (up to 1/15 s and more with a 15 fps camera), so the faces would appear a beat
 * after the screen. Pre-join plays each such stream in a video of its own on an invisible shelf, and the call's tile
 * for that stream takes the element over: moved, not recreated, in the same task, it keeps playing and shows its
 * current frame from the first paint of the call screen.
 */

const held = new Map<MediaStream, HTMLVideoElement>();
let shelf: HTMLElement | null = null;

/** One pixel, transparent and out of the way: playing (not display:none, which would stop its rendering). */
function shelfElement(): HTMLElement {
  if (shelf?.isConnected) return shelf;
  shelf = document.createElement('div');
  shelf.setAttribute('aria-hidden', 'true');
  shelf.dataset['warmVideos'] = '';
  Object.assign(shelf.style, {
    position: 'fixed',
    left: '0',
    top: '0',
    width: '1px',
    height: '1px',
    overflow: 'hidden',
    opacity: '0',
    pointerEvents: 'none',
  });
  document.body.append(shelf);
  return shelf;
}

/** Starts playing `stream` on the shelf (once per stream), muted: its sound is the call's RemoteAudio's to play. */
export function holdWarmVideo(stream: MediaStream): void {
  if (held.has(stream)) return;
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  shelfElement().append(video);
  // play(), not the autoplay attribute: Chromium pauses muted autoplay videos it considers out of view.
  void video.play().catch(() => undefined);
  held.set(stream, video);
}

/** The playing video of `stream`, no longer held (the caller puts it in the page and owns it); null if none. */
export function claimWarmVideo(stream: MediaStream | null): HTMLVideoElement | null {
  const video = stream ? held.get(stream) : undefined;
  if (!stream || !video) return null;
  held.delete(stream);
  return video;
}

/** Stops one stream's video (the participant left before anyone claimed it). */
export function releaseWarmVideo(stream: MediaStream): void {
  const video = held.get(stream);
  held.delete(stream);
  if (video) stop(video);
}

/** Stops every video nobody claimed: pre-join was left, or the call screen took the ones it shows. */
export function releaseWarmVideos(): void {
  for (const video of held.values()) stop(video);
  held.clear();
  // A claimed video may still be on the shelf until its tile appends it: the shelf goes only when empty.
  if (shelf && shelf.childElementCount === 0) {
    shelf.remove();
    shelf = null;
  }
}

function stop(video: HTMLVideoElement): void {
  video.srcObject = null;
  video.remove();
}
