// Subscriber caps (Licode's subscribe `video:{width,height,frameRate}`, `maxVideoBW`, and the `updatestream`
// config of §5.3 / §3.4): validation of what the caller asks for and the wire form of each request.
import { LicodeError } from './errors';

export interface MaxResolution {
  width: number;
  height: number;
  frameRate?: number;
}

export interface QualityLayer {
  spatialLayer: number;
  temporalLayer: number;
}

/** What `room.updateSubscription` accepts; `null` clears a cap. */
export interface SubscriptionUpdate {
  maxResolution?: MaxResolution | null;
  maxVideoBW?: number;
  qualityLayer?: QualityLayer | null;
}

/** The caps a subscription holds; re-sent on every resubscribe and recovery. */
export interface SubscriptionCaps {
  maxResolution?: MaxResolution;
  maxVideoBW?: number;
  qualityLayer?: QualityLayer;
}

/** VP8 frame sizes are 14-bit; anything larger is a mistake, not a cap. */
const MAX_DIMENSION = 16_383;
const MAX_FRAME_RATE = 240;
const MAX_KBPS = 1_000_000;
/** Erizo's quality manager numbers layers from 0; far more than any simulcast publisher sends. */
const MAX_LAYER = 15;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function invalid(message: string): LicodeError {
  return new LicodeError('invalid-argument', message);
}

function checkInteger(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(`${name} must be a whole number from ${min} to ${max} (got ${describe(value)}).`);
  }
  return value;
}

function checkNumber(value: unknown, name: string, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > max) {
    throw invalid(`${name} must be a number above 0 and at most ${max} (got ${describe(value)}).`);
  }
  return value;
}

function describe(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 40));
  return value === null ? 'null' : typeof value;
}

export function checkMaxResolution(value: unknown, name = 'maxResolution'): MaxResolution {
  if (!isRecord(value)) throw invalid(`${name} must be {width, height, frameRate?}.`);
  const width = checkInteger(value['width'], `${name}.width`, 1, MAX_DIMENSION);
  const height = checkInteger(value['height'], `${name}.height`, 1, MAX_DIMENSION);
  if (value['frameRate'] === undefined) return { width, height };
  return { width, height, frameRate: checkNumber(value['frameRate'], `${name}.frameRate`, MAX_FRAME_RATE) };
}

export function checkMaxVideoBW(value: unknown, name = 'maxVideoBW'): number {
  return checkNumber(value, `${name} (kbit/s)`, MAX_KBPS);
}

export function checkQualityLayer(value: unknown): QualityLayer {
  if (!isRecord(value)) throw invalid('qualityLayer must be {spatialLayer, temporalLayer}.');
  return {
    spatialLayer: checkInteger(value['spatialLayer'], 'qualityLayer.spatialLayer', -1, MAX_LAYER),
    temporalLayer: checkInteger(value['temporalLayer'], 'qualityLayer.temporalLayer', -1, MAX_LAYER),
  };
}

/** −1/−1 is Licode's "dynamic" (§5.3): the same as no explicit layer. */
const isDynamic = (layer: QualityLayer): boolean => layer.spatialLayer === -1 && layer.temporalLayer === -1;

/** Validates an update completely before anything is stored or sent. */
export function checkSubscriptionUpdate(update: unknown): SubscriptionUpdate {
  if (!isRecord(update)) throw invalid('The subscription update must be an object.');
  const known = ['maxResolution', 'maxVideoBW', 'qualityLayer'];
  const unknown = Object.keys(update).filter((k) => !known.includes(k));
  if (unknown.length > 0) throw invalid(`Unknown subscription setting: ${unknown.join(', ')} (known: ${known.join(', ')}).`);
  const out: SubscriptionUpdate = {};
  if ('maxResolution' in update && update['maxResolution'] !== undefined)
    out.maxResolution = update['maxResolution'] === null ? null : checkMaxResolution(update['maxResolution']);
  if ('maxVideoBW' in update && update['maxVideoBW'] !== undefined) out.maxVideoBW = checkMaxVideoBW(update['maxVideoBW']);
  if ('qualityLayer' in update && update['qualityLayer'] !== undefined)
    out.qualityLayer = update['qualityLayer'] === null ? null : checkQualityLayer(update['qualityLayer']);
  if (Object.keys(out).length === 0) throw invalid('The subscription update changes nothing: give maxResolution, maxVideoBW or qualityLayer.');
  return out;
}

/** The caps after an update (a new object: the caller compares identities to see whether caps changed). */
export function applyUpdate(caps: SubscriptionCaps, update: SubscriptionUpdate): SubscriptionCaps {
  const next: SubscriptionCaps = { ...caps };
  if (update.maxResolution === null) delete next.maxResolution;
  else if (update.maxResolution) next.maxResolution = update.maxResolution;
  if (update.maxVideoBW !== undefined) next.maxVideoBW = update.maxVideoBW;
  if (update.qualityLayer === null || (update.qualityLayer && isDynamic(update.qualityLayer))) delete next.qualityLayer;
  else if (update.qualityLayer) next.qualityLayer = update.qualityLayer;
  return next;
}

/** Subscribe options' `video`: `true` (no cap, Licode's default) or `{width, height, frameRate?}` (v5+, §3.1/§5.3). */
export function videoOption(maxResolution: MaxResolution | undefined): true | MaxResolution {
  if (!maxResolution) return true;
  return { width: maxResolution.width, height: maxResolution.height, ...(maxResolution.frameRate !== undefined ? { frameRate: maxResolution.frameRate } : {}) };
}

/**
 * The `updatestream` config for an update (only what it changes). Clearing: the protocol has no "no cap" form for
 * `video`, so a cleared resolution is sent as `video: true` — what subscribe options carry for uncapped video;
 * a cleared `qualityLayer` is −1/−1, Licode's "dynamic" (§5.3).
 */
export function updateConfig(update: SubscriptionUpdate): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  if (update.maxResolution !== undefined) config['video'] = videoOption(update.maxResolution ?? undefined);
  if (update.maxVideoBW !== undefined) config['maxVideoBW'] = update.maxVideoBW;
  if (update.qualityLayer !== undefined) config['qualityLayer'] = update.qualityLayer ?? { spatialLayer: -1, temporalLayer: -1 };
  return config;
}

/** Everything a subscription holds, as one `updatestream` config (re-applied after a resubscribe). */
export function fullConfig(caps: SubscriptionCaps): Record<string, unknown> {
  return updateConfig({
    maxResolution: caps.maxResolution ?? null,
    ...(caps.maxVideoBW !== undefined ? { maxVideoBW: caps.maxVideoBW } : {}),
    qualityLayer: caps.qualityLayer ?? null,
  });
}
