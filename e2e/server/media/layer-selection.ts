import type { SubscriberConstraints } from './types';

/**
 * Per-subscriber simulcast layer choice (ErizoJS's quality manager, reduced to what the test server needs): pure
 * functions so the rules can be tested without media.
 */

/** What the publication knows about one simulcast layer (index 0 = lowest resolution). */
export interface LayerState {
  flowing: boolean;
  /** From the layer's last VP8 keyframe; undefined until one was seen. */
  width?: number;
  height?: number;
  /** Measured over about a second; undefined until measured. */
  kbps?: number;
}

/** Bounds beyond which a value is nonsense rather than a request (VP8 sizes are 14-bit). */
const MAX_DIMENSION = 16_383;
const MAX_FRAME_RATE = 1_000;
const MAX_KBPS = 1_000_000;
const MAX_SPATIAL_LAYER = 15;
/**
 * Bitrate hysteresis: a layer's rate swings by a few tens of percent second to second, so a subscriber moves up only
 * to a layer clearly under its `maxVideoBW` and leaves its current layer only once that is clearly over — otherwise a
 * cap near a layer's rate would switch layers (and cost a keyframe) every time the rate is measured.
 */
const UPGRADE_BELOW = 0.85;
const DOWNGRADE_ABOVE = 1.15;

/**
 * The layer a subscriber with these constraints gets: the highest flowing layer that fits (explicit `qualityLayer`
 * first, then `video` width/height — a layer whose size is not known yet does not fit a size cap — and
 * `maxVideoBW`, with hysteresis around the `current` layer); no fitting layer → the lowest flowing one; nothing
 * flowing → undefined (keep what is forwarded). Without constraints: the highest flowing layer.
 */
export function chooseLayer(layers: readonly LayerState[], constraints: SubscriberConstraints, current?: number): number | undefined {
  const flowing = layers.flatMap((layer, index) => (layer.flowing ? [index] : []));
  if (flowing.length === 0) return undefined;
  const lowest = flowing[0]!;
  const spatial = constraints.qualityLayer?.spatialLayer;
  if (spatial !== undefined && spatial >= 0) {
    const atOrBelow = flowing.filter((index) => index <= spatial);
    return atOrBelow.length > 0 ? atOrBelow[atOrBelow.length - 1]! : lowest;
  }
  const fits = (layer: LayerState, index: number): boolean => {
    const { width, height } = constraints.video ?? {};
    if (width !== undefined && (layer.width === undefined || layer.width > width)) return false;
    if (height !== undefined && (layer.height === undefined || layer.height > height)) return false;
    const kbps = constraints.maxVideoBW;
    if (kbps === undefined || layer.kbps === undefined) return true;
    const tolerance = current === undefined ? 1 : index === current ? DOWNGRADE_ABOVE : index > current ? UPGRADE_BELOW : 1;
    return layer.kbps <= kbps * tolerance;
  };
  for (let i = flowing.length - 1; i >= 0; i -= 1) if (fits(layers[flowing[i]!]!, flowing[i]!)) return flowing[i]!;
  return lowest;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function bounded(value: unknown, min: number, max: number): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max ? value : undefined;
}

/**
 * Apply a subscribe-options or `updatestream` config (`{video:{width,height,frameRate}, maxVideoBW,
 * qualityLayer:{spatialLayer,temporalLayer}}`, as a client sent it) to the previous constraints. Fields that are
 * absent keep their value; malformed values (negative, NaN, huge, strings, wrong shapes) are ignored and the previous
 * value kept — never a throw. Clearing: `video: true` (Licode's "video, no caps") or `null`, `maxVideoBW: null`, and
 * `qualityLayer` −1 (dynamic) or `null`.
 */
export function applyConstraintUpdate(previous: SubscriberConstraints, config: unknown): SubscriberConstraints {
  if (!isRecord(config)) return previous;
  const next: SubscriberConstraints = { ...previous };
  if (config.video === true || config.video === null) {
    delete next.video;
  } else if (isRecord(config.video)) {
    const video = { ...previous.video };
    for (const key of ['width', 'height'] as const) {
      if (!(key in config.video)) continue;
      const value = config.video[key];
      if (value === null) delete video[key];
      const valid = bounded(value, 1, MAX_DIMENSION);
      if (valid !== undefined) video[key] = Math.floor(valid);
    }
    if ('frameRate' in config.video) {
      const value = config.video.frameRate;
      if (value === null) delete video.frameRate;
      const valid = bounded(value, 1, MAX_FRAME_RATE);
      if (valid !== undefined) video.frameRate = valid;
    }
    if (Object.keys(video).length > 0) next.video = video;
    else delete next.video;
  }
  if (config.maxVideoBW === null) delete next.maxVideoBW;
  const kbps = bounded(config.maxVideoBW, 1, MAX_KBPS);
  if (kbps !== undefined) next.maxVideoBW = kbps;
  if (config.qualityLayer === null) delete next.qualityLayer;
  if (isRecord(config.qualityLayer)) {
    const spatialLayer = bounded(config.qualityLayer.spatialLayer, -1, MAX_SPATIAL_LAYER);
    const temporalLayer = bounded(config.qualityLayer.temporalLayer ?? -1, -1, MAX_SPATIAL_LAYER);
    if (spatialLayer !== undefined && temporalLayer !== undefined && Number.isInteger(spatialLayer) && Number.isInteger(temporalLayer)) {
      if (spatialLayer === -1 && temporalLayer === -1) delete next.qualityLayer;
      else next.qualityLayer = { spatialLayer, temporalLayer };
    }
  }
  return next;
}
