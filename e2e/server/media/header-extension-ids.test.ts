import { describe, expect, it } from 'vitest';
import { assignHeaderExtensionIds } from './header-extension-ids';

const MID = 'urn:ietf:params:rtp-hdrext:sdes:mid';
const RID = 'urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id';
const RRID = 'urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id';
const video = [
  { id: 2, uri: MID },
  { id: 3, uri: RID },
  { id: 4, uri: RRID },
];

describe('assignHeaderExtensionIds', () => {
  it('reuses the ids the client negotiated for the same URIs (Chromium: mid 4, rid 10, rrid 11)', () => {
    const chromium = [
      { id: 1, uri: 'urn:ietf:params:rtp-hdrext:ssrc-audio-level' },
      { id: 4, uri: MID },
      { id: 10, uri: RID },
      { id: 11, uri: RRID },
    ];
    expect(assignHeaderExtensionIds(video, chromium).map((e) => [e.id, e.uri])).toEqual([
      [4, MID],
      [10, RID],
      [11, RRID],
    ]);
  });

  it('gives a URI nobody uses the lowest free id, never one that already means something else', () => {
    const inUse = [
      { id: 1, uri: 'urn:ietf:params:rtp-hdrext:ssrc-audio-level' },
      { id: 2, uri: 'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time' },
      { id: 4, uri: MID },
    ];
    const ids = assignHeaderExtensionIds(video, inUse).map((e) => e.id);
    expect(ids).toEqual([4, 3, 5]);
  });

  it('uses one id per URI across the sections of a first offer', () => {
    const audio = assignHeaderExtensionIds([{ id: 1, uri: MID }], []);
    const videoIds = assignHeaderExtensionIds(video, audio);
    expect(audio[0]!.id).toBe(1);
    expect(videoIds.map((e) => e.id)).toEqual([1, 2, 3]);
  });

  it('drops an extension rather than reuse an id when all fourteen are taken', () => {
    const inUse = Array.from({ length: 14 }, (_, i) => ({ id: i + 1, uri: `urn:x-other:${i}` }));
    expect(assignHeaderExtensionIds(video, inUse)).toEqual([]);
  });

  it('does not change the configured objects (werift shares them between connections)', () => {
    const wanted = [{ id: 9, uri: MID }];
    assignHeaderExtensionIds(wanted, [{ id: 4, uri: MID }]);
    expect(wanted[0]!.id).toBe(9);
  });
});
