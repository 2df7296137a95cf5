// Publisher-side rid simulcast the way Licode v10 → HEAD sends it (§7.3): one encoding per spatial layer, rids "1"…"n"
// lowest resolution first, scaleResolutionDownBy 2^(n−layer).
import { LicodeError } from './errors';

/** Licode's client defaults to 3 layers; more than 4 would put the lowest below any useful size. */
export const MAX_SIMULCAST_LAYERS = 4;

/** Validates `PublishOptions.simulcast`; the number of layers, or undefined when not asked for. */
export function checkSimulcast(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const layers = value !== null && typeof value === 'object' ? (value as { layers?: unknown }).layers : undefined;
  if (typeof layers !== 'number' || !Number.isInteger(layers) || layers < 1 || layers > MAX_SIMULCAST_LAYERS) {
    throw new LicodeError('invalid-argument', `simulcast must be {layers: 1…${MAX_SIMULCAST_LAYERS}} (got ${JSON.stringify(value) ?? String(value)}).`);
  }
  return layers;
}

/**
 * The video sender encodings for `layers` layers. `maxBitrate` (bit/s, the whole publication's cap) is split 1:2:4…
 * so the sum stays within the cap the server granted. Not by pixel count (1:4:16): Licode's default cap is
 * 300 kbit/s, and 1/21 of it (12 kbit/s) made libvpx drop the lowest layer to 3–4 fps (bench/subscriber-cpu), which is
 * exactly the layer every thumbnail shows.
 */
export function simulcastEncodings(layers: number, maxBitrate: number | undefined): RTCRtpEncodingParameters[] {
  const weights = Array.from({ length: layers }, (_, i) => 2 ** i);
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((weight, i) => ({
    rid: String(i + 1),
    scaleResolutionDownBy: 2 ** (layers - 1 - i),
    ...(maxBitrate ? { maxBitrate: Math.floor((maxBitrate * weight) / total) } : {}),
  }));
}
