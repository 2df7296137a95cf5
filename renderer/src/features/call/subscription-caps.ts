/**
 * Adaptive subscriptions: how much video each remote tile asks the server for. Small tiles never need 720p at
 * 30 fps, and decoding it is what makes CPU grow with the room; Licode's subscribe caps
 * (`video: {width, height, frameRate}`) let the server send less.
 */
export type TileSize = 'full' | 'medium' | 'thumb';

export interface VideoCap {
  width: number;
  height: number;
  frameRate: number;
}

/** `undefined` = no cap (the publisher's full quality). */
export const CAPS: Record<TileSize, VideoCap | undefined> = {
  full: undefined,
  medium: { width: 640, height: 360, frameRate: 24 },
  thumb: { width: 320, height: 180, frameRate: 15 },
};

export interface LayoutFacts {
  layout: 'grid' | 'stage';
  /** Tiles on screen, the local one included. */
  tileCount: number;
  /** The tile on the stage (stage layout only). */
  stagedKey: string | null;
}

/** The size class of one remote tile in the current layout. */
export function tileSize(key: string, facts: LayoutFacts): TileSize {
  if (facts.layout === 'stage') return key === facts.stagedKey ? 'full' : 'thumb';
  if (facts.tileCount <= 2) return 'full';
  if (facts.tileCount <= 6) return 'medium';
  return 'thumb';
}
