/**
 * Licode configuration defaults the test server reproduces (docs/licode-protocol.md §3.3, §6.4, §8 24c).
 */

/** A role's rights: `true`/truthy, or an object of media kinds (`{audio:false, video:false, screen:false, data:true}`). */
export type Right = boolean | Record<string, boolean>;
export type RoleTable = Record<string, Record<string, Right>>;

/** `scripts/licode_default.js` roles — what a stock Licode installation ships. */
export const SHIPPED_ROLES: RoleTable = {
  presenter: { publish: true, subscribe: true, record: true, stats: true, controlhandlers: true },
  viewer: { subscribe: true },
  viewerWithData: { subscribe: true, publish: { audio: false, video: false, screen: false, data: true } },
};

/** The built-in fallback used by erizoController.js when the config has no roles. */
export const FALLBACK_ROLES: RoleTable = {
  presenter: { publish: true, subscribe: true, record: true },
  viewer: { subscribe: true },
  viewerWithData: { subscribe: true, publish: { audio: false, video: false, screen: false, data: true } },
};

export const DEFAULT_VIDEO_BW = 300;
export const MAX_VIDEO_BW = 300;
export const DEFAULT_ROOM_NAME = 'basicExampleRoom';
export const DEFAULT_SUPERSERVICE_KEY = 'licode-test-superservice-key';
/** Nuve's removeOldTokens threshold. */
export const TOKEN_LIFETIME_MS = 3 * 60 * 1000;
/** v5/v6 `models/Channel.js RECONNECTION_TIMEOUT`. */
export const A_RECONNECTION_GRACE_MS = 10_000;
/** HEAD `models/Channel.js RECONNECTION_TIMEOUT`. */
export const C_RECONNECTION_GRACE_MS = 30_000;

/**
 * Licode hands out `[{url: 'stun:stun.l.google.com:19302'}]`. This server must never make a client contact a
 * public STUN server, so it hands out an empty list unless told otherwise (the key shape is still configurable).
 */
export const DEFAULT_ICE_SERVERS: readonly object[] = [];
