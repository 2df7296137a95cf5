import { describe, expect, it } from 'vitest';
import { applyConstraintUpdate, chooseLayer, type LayerState } from './layer-selection';
import type { SubscriberConstraints } from './types';

// Three layers as Chromium sends them for a 1280x720 camera (rid 1, 2, 3).
const THREE: LayerState[] = [
  { flowing: true, width: 320, height: 180, kbps: 150 },
  { flowing: true, width: 640, height: 360, kbps: 500 },
  { flowing: true, width: 1280, height: 720, kbps: 1700 },
];

describe('chooseLayer', () => {
  it('forwards the highest flowing layer without constraints (the behaviour before caps)', () => {
    expect(chooseLayer(THREE, {})).toBe(2);
    expect(chooseLayer([THREE[0]!, THREE[1]!, { ...THREE[2]!, flowing: false }], {})).toBe(1);
    expect(chooseLayer([{ flowing: true }], {})).toBe(0);
  });

  it('takes the highest layer that fits video width and height', () => {
    expect(chooseLayer(THREE, { video: { width: 640, height: 360 } })).toBe(1);
    expect(chooseLayer(THREE, { video: { width: 1000 } })).toBe(1);
    expect(chooseLayer(THREE, { video: { height: 200 } })).toBe(0);
    expect(chooseLayer(THREE, { video: { width: 1920, height: 1080 } })).toBe(2);
  });

  it('falls back to the lowest flowing layer when nothing fits', () => {
    expect(chooseLayer(THREE, { video: { width: 100, height: 100 } })).toBe(0);
    expect(chooseLayer([{ ...THREE[0]!, flowing: false }, THREE[1]!, THREE[2]!], { video: { width: 100 } })).toBe(1);
  });

  it('treats a layer whose size is not known yet as not fitting a size cap', () => {
    const unknownTop: LayerState[] = [THREE[0]!, THREE[1]!, { flowing: true }];
    expect(chooseLayer(unknownTop, { video: { width: 4000 } })).toBe(1);
    expect(chooseLayer(unknownTop, {})).toBe(2);
  });

  it('keeps a subscriber on its layer while the rate hovers around its maxVideoBW (hysteresis)', () => {
    const at = (kbps: number): LayerState[] => [THREE[0]!, { ...THREE[1]!, kbps }, THREE[2]!];
    // On layer 1 with a 500 kbit/s cap: a rate up to 15 % over keeps it there, beyond that it drops to layer 0.
    expect(chooseLayer(at(560), { maxVideoBW: 500 }, 1)).toBe(1);
    expect(chooseLayer(at(600), { maxVideoBW: 500 }, 1)).toBe(0);
    // On layer 0: layer 1 must be clearly under the cap (85 %) before it is taken.
    expect(chooseLayer(at(450), { maxVideoBW: 500 }, 0)).toBe(0);
    expect(chooseLayer(at(400), { maxVideoBW: 500 }, 0)).toBe(1);
    // A first choice (no current layer) uses the cap as it is.
    expect(chooseLayer(at(500), { maxVideoBW: 500 })).toBe(1);
    // Size caps have no hysteresis: they are exact.
    expect(chooseLayer(THREE, { video: { width: 640 } }, 2)).toBe(1);
  });

  it('honours maxVideoBW with measured bitrates (an unmeasured layer fits)', () => {
    expect(chooseLayer(THREE, { maxVideoBW: 600 })).toBe(1);
    expect(chooseLayer(THREE, { maxVideoBW: 100 })).toBe(0);
    expect(chooseLayer([THREE[0]!, { flowing: true, width: 640, height: 360 }], { maxVideoBW: 200 })).toBe(1);
    expect(chooseLayer(THREE, { maxVideoBW: 600, video: { width: 320 } })).toBe(0);
  });

  it('qualityLayer picks an explicit spatial layer, the nearest flowing one below, and overrides the other caps', () => {
    expect(chooseLayer(THREE, { qualityLayer: { spatialLayer: 1, temporalLayer: -1 } })).toBe(1);
    expect(chooseLayer(THREE, { qualityLayer: { spatialLayer: 0, temporalLayer: 0 }, video: { width: 1280 } })).toBe(0);
    expect(chooseLayer(THREE, { qualityLayer: { spatialLayer: 9, temporalLayer: -1 } })).toBe(2);
    expect(chooseLayer([THREE[0]!, { ...THREE[1]!, flowing: false }, THREE[2]!], { qualityLayer: { spatialLayer: 1, temporalLayer: -1 } })).toBe(0);
  });

  it('chooses nothing when no layer flows (the current one is kept)', () => {
    expect(
      chooseLayer(
        THREE.map((layer) => ({ ...layer, flowing: false })),
        {},
      ),
    ).toBeUndefined();
    expect(chooseLayer([], { video: { width: 320 } })).toBeUndefined();
  });
});

describe('applyConstraintUpdate', () => {
  const capped: SubscriberConstraints = {
    video: { width: 640, height: 360, frameRate: 15 },
    maxVideoBW: 500,
    qualityLayer: { spatialLayer: 1, temporalLayer: 0 },
  };

  it('reads Licode subscribe options and updatestream configs', () => {
    expect(applyConstraintUpdate({}, { video: { width: 640, height: 360, frameRate: 15 }, maxVideoBW: 500 })).toEqual({
      video: { width: 640, height: 360, frameRate: 15 },
      maxVideoBW: 500,
    });
    expect(applyConstraintUpdate({}, { video: true, audio: true, maxVideoBW: undefined })).toEqual({});
    expect(applyConstraintUpdate({}, { qualityLayer: { spatialLayer: 2, temporalLayer: 1 } })).toEqual({ qualityLayer: { spatialLayer: 2, temporalLayer: 1 } });
    expect(applyConstraintUpdate(capped, { video: { width: 320, height: 180 } }).video).toEqual({ width: 320, height: 180, frameRate: 15 });
  });

  it('clears caps with video true/null, maxVideoBW null and qualityLayer −1/−1 or null', () => {
    expect(applyConstraintUpdate(capped, { video: true })).toEqual({ maxVideoBW: 500, qualityLayer: { spatialLayer: 1, temporalLayer: 0 } });
    expect(applyConstraintUpdate(capped, { video: null, maxVideoBW: null, qualityLayer: null })).toEqual({});
    expect(applyConstraintUpdate(capped, { qualityLayer: { spatialLayer: -1, temporalLayer: -1 } }).qualityLayer).toBeUndefined();
    expect(applyConstraintUpdate(capped, { video: { width: null, height: null, frameRate: null } }).video).toBeUndefined();
  });

  it('ignores hostile values and keeps the previous constraints, without throwing', () => {
    const hostile: unknown[] = [
      undefined,
      null,
      'video',
      42,
      [],
      { video: { width: -640, height: Number.NaN, frameRate: Infinity } },
      { video: { width: '640', height: '360', frameRate: '15' } },
      { video: { width: 1e12, height: 2 ** 53, frameRate: 1e9 } },
      { video: { width: 0, height: -0, frameRate: 0 } },
      { video: 'small', maxVideoBW: 'lots' },
      { video: [320, 180] },
      { maxVideoBW: -1 },
      { maxVideoBW: Number.NaN },
      { maxVideoBW: 1e15 },
      { qualityLayer: { spatialLayer: 'top', temporalLayer: 0 } },
      { qualityLayer: { spatialLayer: -5, temporalLayer: -1 } },
      { qualityLayer: { spatialLayer: 1.5, temporalLayer: 0 } },
      { qualityLayer: { spatialLayer: 1e9, temporalLayer: 0 } },
      { qualityLayer: 3 },
      Object.create(null),
    ];
    for (const config of hostile) expect(applyConstraintUpdate(capped, config)).toEqual(capped);
    for (const config of hostile) expect(applyConstraintUpdate({}, config)).toEqual({});
  });

  it('keeps valid fields of a partly hostile config', () => {
    expect(applyConstraintUpdate(capped, { video: { width: 320, height: 'tall' }, maxVideoBW: -3 })).toEqual({
      ...capped,
      video: { width: 320, height: 360, frameRate: 15 },
    });
  });

  it('does not change the previous object', () => {
    const previous: SubscriberConstraints = { video: { width: 640 } };
    applyConstraintUpdate(previous, { video: { width: 320 }, maxVideoBW: 100 });
    expect(previous).toEqual({ video: { width: 640 } });
  });
});
