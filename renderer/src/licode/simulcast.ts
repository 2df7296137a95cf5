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
 * The video sender encodings for `layers` layers. `maxBitrate` (bit/s, the whole publication's cap) is split in
 * proportion to each layer's pixel count (each layer has 4× the pixels of the one below), so the sum stays within
 * the cap the server granted and the lower layers still fit when bandwidth is scarce.
 */
export function simulcastEncodings(layers: number, maxBitrate: number | undefined): RTCRtpEncodingParameters[] {
  const weights = Array.from({ length: layers }, (_, i) => 4 ** i);
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((weight, i) => ({
    rid: String(i + 1),
    scaleResolutionDownBy: 2 ** (layers - 1 - i),
    ...(maxBitrate ? { maxBitrate: Math.floor((maxBitrate * weight) / total) } : {}),
  }));
}
