import type { QualityLevelTiming } from '../dialect-c/quality-level';

/** Dialect B generations (docs/licode-protocol.md §1.1, §4): Licode v7 (pre-v7.11 … v7) and v8 (pre-v8.6 … v8). */
export const B_VERSIONS = ['v7', 'v8'] as const;
export type BVersion = (typeof B_VERSIONS)[number];

/**
 * What differs between v7 and v8 on the wire (§4.1, §9.3); one record per generation, so the controller asks the
 * profile instead of branching on versions.
 */
export interface BGeneration {
  readonly version: BVersion;
  /**
   * Does the server make the offer for this subscription? v7's ErizoJS knows no `offerFromErizo`: the client always
   * offers. v8 (`2a842f7e`, pre-v8.6) offers after gathering when the subscribe options say `offerFromErizo: true`
   * — the v8 client's default — and otherwise answers the client's offer (`v8: erizoJSController.addSubscriber`).
   */
  serverOffers(subscribeOptions: Record<string, unknown>): boolean;
  /** Unpublishing a data-only stream: v7 sends neither ack nor `onRemoveStream`, v8 acks `(true)` (`Client.onUnpublish`). */
  readonly acksDataOnlyUnpublish: boolean;
  /**
   * ErizoJS's `quality_level` check (info 150): v8 evaluates every 5 s and reports every change
   * (`v8: erizoJS/models/Connection.js updateConnectionQualityLevel`, no 30 s rule for increases); v7 has none.
   */
  readonly qualityTiming: QualityLevelTiming | null;
}

const V7: BGeneration = {
  version: 'v7',
  serverOffers: () => false,
  acksDataOnlyUnpublish: false,
  qualityTiming: null,
};

const V8: BGeneration = {
  version: 'v8',
  serverOffers: (options) => options.offerFromErizo === true,
  acksDataOnlyUnpublish: true,
  qualityTiming: { checkMs: 5_000, increaseMs: 0 },
};

export function bGeneration(version: BVersion): BGeneration {
  return version === 'v7' ? V7 : V8;
}
