import { describe, expect, it } from 'vitest';
import { isVp8KeyframeStart, vp8KeyframeSize } from './vp8';

// First bytes of real RTP payloads libwebrtc (@roamhq/wrtc) sent for a 320x180 VP8 stream: payload descriptor with a
// 15-bit PictureID (90 80 9c 67), then the frame tag (f0 1e 00, P bit clear), the start code 9d 01 2a and the size.
const KEYFRAME = Buffer.from('90809c67f01e009d012a4001b400392700091c2216162266', 'hex');
const DELTA = Buffer.from('90809c69311000e49938e2a7a747a7d88517f1b29035300e', 'hex');

describe('VP8 keyframe parsing', () => {
  it('reads the size of a real keyframe and nothing from a delta frame', () => {
    expect(isVp8KeyframeStart(KEYFRAME)).toBe(true);
    expect(vp8KeyframeSize(KEYFRAME)).toEqual({ width: 320, height: 180 });
    expect(isVp8KeyframeStart(DELTA)).toBe(false);
    expect(vp8KeyframeSize(DELTA)).toBeUndefined();
  });

  it('ignores the 2-bit scaling hint above the 14-bit size', () => {
    const scaled = Buffer.from(KEYFRAME);
    scaled[11] = scaled[11]! | 0xc0; // width's high byte: scale bits set
    scaled[13] = scaled[13]! | 0x40;
    expect(vp8KeyframeSize(scaled)).toEqual({ width: 320, height: 180 });
  });

  it('handles the short descriptor forms (no extension; 7-bit PictureID with TL0PICIDX and TID)', () => {
    const frame = KEYFRAME.subarray(4); // frame tag onwards
    expect(vp8KeyframeSize(Buffer.concat([Buffer.from([0x10]), frame]))).toEqual({ width: 320, height: 180 });
    expect(vp8KeyframeSize(Buffer.concat([Buffer.from([0x90, 0xe0, 0x12, 0x05, 0x20]), frame]))).toEqual({ width: 320, height: 180 });
  });

  it('returns undefined for every truncation of a keyframe and for a continuation packet, never throws', () => {
    for (let length = 0; length < 14; length += 1) expect(vp8KeyframeSize(KEYFRAME.subarray(0, length))).toBeUndefined();
    expect(vp8KeyframeSize(KEYFRAME.subarray(0, 14))).toEqual({ width: 320, height: 180 });
    const continuation = Buffer.from(KEYFRAME);
    continuation[0] = 0x80; // S bit clear: not the start of the partition
    expect(vp8KeyframeSize(continuation)).toBeUndefined();
    const badStartCode = Buffer.from(KEYFRAME);
    badStartCode[7] = 0x00;
    expect(vp8KeyframeSize(badStartCode)).toBeUndefined();
    expect(vp8KeyframeSize(Buffer.from([0x90, 0x80]))).toBeUndefined();
    expect(vp8KeyframeSize(Buffer.from([0x90, 0x80, 0x9c]))).toBeUndefined();
  });
});
