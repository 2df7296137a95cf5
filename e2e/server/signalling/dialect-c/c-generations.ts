import type { LicodeAGeneration, SdpStyle } from '../../media/types';

/** Dialect C generations (docs/licode-protocol.md §1.1): C1 = v9, C2 = v10 … pre-v11.1, C3 = pre-v11.2 … HEAD. */
export const C_VERSIONS = ['v9', 'v10', 'head'] as const;
export type CVersion = (typeof C_VERSIONS)[number];

/**
 * What differs between the C generations on the wire (§5.8, §9.4 item 9); everything else is HEAD's behaviour.
 * One record per generation, so the controller asks the profile instead of branching on versions.
 */
export interface CGeneration {
  readonly version: CVersion;
  /** socket.io major: 2 (v9: 2.0.3, v10: 2.4.0; EIO 3, middleware errors as `44"…"`) or 4 (CONNECT_ERROR). */
  readonly socketIo: 2 | 4;
  /** `connected` carries `connectionTargetBw` (v10+; v9 does not send the key, §5.1). */
  readonly connectionTargetBw: boolean;
  /** Events acknowledged with `()` and otherwise ignored: v9 `autoSubscribe`, v10+ `setConnectionTargetBandwidth`. */
  readonly ackOnlyEvents: readonly string[];
  /**
   * SDP writer of this generation's ErizoJS (§7.1): v9 writes Plan B (at most one audio and one video section, the
   * v6 … v9 SessionDescription, msid only in SSRC lines), v10 and HEAD Unified Plan.
   */
  readonly sdp: { style: SdpStyle; aGeneration?: LicodeAGeneration };
  /**
   * Does the server make the offer for this subscription? v9 only when the client's subscribe options say
   * `offerFromErizo: true` (the v9 client's default, §4.1), otherwise it answers the client's offer; v10+ always.
   */
  serverOffers(subscribeOptions: Record<string, unknown>): boolean;
  /** Single PC is emulated for Unified Plan only (v9's Plan B single PC puts many streams in one section). */
  readonly singlePCSupported: boolean;
}

const C1_V9: CGeneration = {
  version: 'v9',
  socketIo: 2,
  connectionTargetBw: false,
  ackOnlyEvents: ['setStreamPriorityStrategy', 'autoSubscribe'],
  sdp: { style: 'a', aGeneration: 'v6' },
  serverOffers: (options) => options.offerFromErizo === true,
  singlePCSupported: false,
};

const C2_V10: CGeneration = {
  version: 'v10',
  socketIo: 2,
  connectionTargetBw: true,
  ackOnlyEvents: ['setStreamPriorityStrategy', 'setConnectionTargetBandwidth'],
  sdp: { style: 'c' },
  serverOffers: () => true,
  singlePCSupported: true,
};

const C3_HEAD: CGeneration = { ...C2_V10, version: 'head', socketIo: 4 };

export function cGeneration(version: CVersion): CGeneration {
  switch (version) {
    case 'v9':
      return C1_V9;
    case 'v10':
      return C2_V10;
    case 'head':
      return C3_HEAD;
  }
}
