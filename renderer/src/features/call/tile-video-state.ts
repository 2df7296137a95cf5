/**
 * What a tile shows in place of its picture. A remote camera that is on but whose video has not reached the screen yet
 * (subscription queued or in progress, the library's wait for media, no frame decoded yet) is `connecting` — not the
 * camera-off look, which a person would read as "their camera is off". Framework-free: the tile passes the facts.
 */

export type TileVideoState =
  /** The picture: a decoded frame is on screen (or, for our own tiles, the local stream is attached). */
  | 'video'
  /** The video is on its way: the avatar with a calm "connecting" ring and text. */
  | 'connecting'
  /** Camera off, no video published, or a paused share: today's avatar (and camera-off badge or "paused" sentence). */
  | 'off'
  /** The call's media health shows the problem on the tile (TileHealth: unavailable, retrying, connection lost). */
  | 'problem';

export interface TileVideoFacts {
  local: boolean;
  screen: boolean;
  hasVideo: boolean;
  videoMuted: boolean;
  /** A MediaStream is attached to the tile. */
  hasStream: boolean;
  /** The tile's video element has decoded a frame of that stream. */
  firstFrame: boolean;
  /** TileHealth shows something for this stream: one indicator at a time, so "connecting" gives way to it. */
  healthShown: boolean;
}

export function tileVideoState(facts: TileVideoFacts): TileVideoState {
  const { local, screen, hasVideo, videoMuted, hasStream, firstFrame, healthShown } = facts;
  if (!hasVideo || (videoMuted && !screen)) return 'off';
  // Our own camera and screen are shown as soon as they are attached: they do not travel through the server.
  if (local) return hasStream ? 'video' : 'off';
  // A paused share keeps its last picture, as before.
  if (hasStream && firstFrame) return 'video';
  if (videoMuted) return 'off';
  return healthShown ? 'problem' : 'connecting';
}

/** The element has a decoded video frame of its current source to show. */
export function hasDecodedFrame(video: HTMLVideoElement): boolean {
  return video.readyState >= video.HAVE_CURRENT_DATA && video.videoWidth > 0;
}

/**
 * Calls `onFrame` once `video` has decoded a frame of its current source (at once if it already has: a warm video
 * handed over from pre-join). `loadeddata` marks the first frame of a stream with video; `resize` covers a video track
 * that joins a stream the element already plays (its size goes from 0 to the frame's). Returns the clean-up.
 */
export function whenFirstFrame(video: HTMLVideoElement, onFrame: () => void): () => void {
  if (hasDecodedFrame(video)) {
    onFrame();
    return () => undefined;
  }
  const check = () => {
    if (!hasDecodedFrame(video)) return;
    stop();
    onFrame();
  };
  const stop = () => {
    video.removeEventListener('loadeddata', check);
    video.removeEventListener('resize', check);
  };
  video.addEventListener('loadeddata', check);
  video.addEventListener('resize', check);
  return stop;
}
