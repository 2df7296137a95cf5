import { describe, expect, it } from 'vitest';
import type { Tile } from '../call/call-session.svelte';
import { presenterCameraOf } from './presenter-camera';

const tile = (key: string, name: string, extra: Partial<Tile> = {}): Tile => ({
  key,
  streamId: null,
  name,
  local: false,
  screen: false,
  hasAudio: true,
  hasVideo: true,
  audioMuted: false,
  videoMuted: false,
  mediaStream: null,
  quality: null,
  size: null,
  ...extra,
});

describe('presenterCameraOf', () => {
  const share = tile('r:9', 'Ada', { screen: true });

  it('finds the camera of the participant who shares', () => {
    const ada = tile('r:1', 'Ada');
    expect(presenterCameraOf(share, [tile('local', 'Grace', { local: true }), tile('r:2', 'Bot 1'), ada, share])).toBe(ada);
  });

  it('finds none when they publish no camera, or only another share', () => {
    expect(presenterCameraOf(share, [tile('r:2', 'Bot 1'), share, tile('r:3', 'Ada', { screen: true })])).toBeNull();
  });

  it('guesses nothing when two cameras carry the name', () => {
    expect(presenterCameraOf(share, [tile('r:1', 'Ada'), tile('r:4', 'Ada')])).toBeNull();
  });

  it('never picks our own camera', () => {
    expect(presenterCameraOf(share, [tile('local', 'Ada', { local: true })])).toBeNull();
  });
});
