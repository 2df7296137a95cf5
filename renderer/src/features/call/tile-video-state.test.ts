import { describe, expect, it } from 'vitest';
import { tileVideoState, type TileVideoFacts } from './tile-video-state';

/** A remote camera that is on, subscribed to nothing yet. */
const remoteCamera: TileVideoFacts = {
  local: false,
  screen: false,
  hasVideo: true,
  videoMuted: false,
  hasStream: false,
  firstFrame: false,
  healthShown: false,
};

describe('tileVideoState', () => {
  it('says a remote camera that is on is connecting until a frame is decoded, then shows the picture', () => {
    expect(tileVideoState(remoteCamera)).toBe('connecting'); // subscription queued or in progress
    expect(tileVideoState({ ...remoteCamera, hasStream: true })).toBe('connecting'); // ready, no frame yet
    expect(tileVideoState({ ...remoteCamera, hasStream: true, firstFrame: true })).toBe('video');
  });

  it('keeps the camera-off look for a camera that is off or a stream without video, whatever the subscription', () => {
    expect(tileVideoState({ ...remoteCamera, videoMuted: true })).toBe('off');
    expect(tileVideoState({ ...remoteCamera, videoMuted: true, hasStream: true, firstFrame: true })).toBe('off');
    expect(tileVideoState({ ...remoteCamera, hasVideo: false, hasStream: true })).toBe('off');
  });

  it('gives way to the media health indicator: one indicator at a time', () => {
    expect(tileVideoState({ ...remoteCamera, healthShown: true })).toBe('problem'); // unavailable / retrying
    expect(tileVideoState({ ...remoteCamera, hasStream: true, healthShown: true })).toBe('problem'); // lost before a frame
    // Lost after its picture arrived: the last frame stays, with TileHealth's mark over it.
    expect(tileVideoState({ ...remoteCamera, hasStream: true, firstFrame: true, healthShown: true })).toBe('video');
  });

  it('treats a screen share the same way, and a paused share as paused, not connecting', () => {
    const share = { ...remoteCamera, screen: true };
    expect(tileVideoState(share)).toBe('connecting');
    expect(tileVideoState({ ...share, hasStream: true })).toBe('connecting');
    expect(tileVideoState({ ...share, hasStream: true, firstFrame: true })).toBe('video');
    expect(tileVideoState({ ...share, videoMuted: true })).toBe('off');
    expect(tileVideoState({ ...share, videoMuted: true, hasStream: true, firstFrame: true })).toBe('video'); // its last picture
  });

  it('leaves our own tiles as they were: the local stream shows as soon as it is attached', () => {
    const local = { ...remoteCamera, local: true };
    expect(tileVideoState(local)).toBe('off');
    expect(tileVideoState({ ...local, hasStream: true })).toBe('video');
    expect(tileVideoState({ ...local, hasStream: true, videoMuted: true })).toBe('off');
    expect(tileVideoState({ ...local, screen: true, hasStream: true })).toBe('video');
  });
});
