/**
 * The few VP8 RTP payload facts the media plane needs: where the VP8 frame starts after the RFC 7741 payload
 * descriptor, whether that frame is a keyframe, and a keyframe's picture size (RFC 6386 §9.1).
 */

/** Offset of the VP8 payload header after the payload descriptor, or undefined for a truncated descriptor. */
function vp8HeaderOffset(payload: Uint8Array): number | undefined {
  if (payload.length < 1) return undefined;
  const first = payload[0]!;
  let offset = 1;
  if (first & 0x80) {
    if (payload.length < 2) return undefined;
    const extension = payload[1]!;
    offset = 2;
    if (extension & 0x80) {
      if (payload.length <= offset) return undefined;
      offset += payload[offset]! & 0x80 ? 2 : 1; // PictureID, 7 or 15 bits
    }
    if (extension & 0x40) offset += 1; // TL0PICIDX
    if (extension & 0x30) offset += 1; // TID/Y/KEYIDX
  }
  return offset < payload.length ? offset : undefined;
}

/** Does this VP8 RTP payload start a keyframe? (Start of partition 0, then the VP8 frame tag's P bit clear.) */
export function isVp8KeyframeStart(payload: Uint8Array): boolean {
  if (payload.length < 2) return false;
  const first = payload[0]!;
  const startOfPartition = (first & 0x10) !== 0;
  const partitionId = first & 0x07;
  if (!startOfPartition || partitionId !== 0) return false;
  const offset = vp8HeaderOffset(payload);
  return offset !== undefined && (payload[offset]! & 0x01) === 0;
}

const KEYFRAME_START_CODE = [0x9d, 0x01, 0x2a] as const;

/**
 * The picture size a VP8 keyframe declares (14-bit width and height after the 3-byte frame tag and the start code;
 * the top 2 bits are the upscaling hint and are not part of the size). Undefined for anything that is not the first
 * packet of a keyframe, a truncated packet, or a zero size.
 */
export function vp8KeyframeSize(payload: Uint8Array): { width: number; height: number } | undefined {
  if (!isVp8KeyframeStart(payload)) return undefined;
  const offset = vp8HeaderOffset(payload)!;
  if (payload.length < offset + 10) return undefined;
  for (let i = 0; i < KEYFRAME_START_CODE.length; i += 1) if (payload[offset + 3 + i] !== KEYFRAME_START_CODE[i]) return undefined;
  const width = (payload[offset + 6]! | (payload[offset + 7]! << 8)) & 0x3fff;
  const height = (payload[offset + 8]! | (payload[offset + 9]! << 8)) & 0x3fff;
  return width > 0 && height > 0 ? { width, height } : undefined;
}
