/**
 * Channel and event names of the preload API. Kept free of imports so the sandboxed preload bundle
 * (which may only `require('electron')`) stays tiny; schemas and types live in ./api-contract.ts.
 */
export const CHANNELS = [
  'app:info',
  'config:get',
  'config:update',
  'config:dismissNotice',
  'profiles:save',
  'profiles:remove',
  'recentRooms:add',
  'profiles:rememberGeneration',
  'token:create',
  'server:check',
  'server:cancelCheck',
  'display:request',
  'display:sources',
  'display:choose',
  'display:cancel',
  'links:takePending',
  'links:takeRefusal',
  'links:open',
  'call:state',
  'call:event',
  'update:status',
  'update:restartNow',
  'logs:export',
  'share:state',
  'window:presenterMode',
  'kiosk:config',
  'kiosk:token',
  'kiosk:heartbeat',
  'kiosk:status',
  'kiosk:exit',
] as const;

export type Channel = (typeof CHANNELS)[number];

export const EVENTS = ['config:changed', 'display:pick', 'links:opened', 'links:refused', 'tray:action', 'share:control', 'update:status'] as const;

export type EventName = (typeof EVENTS)[number];

/** Name of the global the preload exposes through contextBridge. */
export const PRELOAD_GLOBAL = 'licodeDesktop';

/** Prefix of IPC channel names on ipcMain/ipcRenderer, so ours never collide with Electron's own. */
export const IPC_PREFIX = 'licode:';

/** Prefix of the IPC channels main uses to push events to the renderer. */
export const EVENT_PREFIX = 'licode-event:';

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (EVENTS as readonly string[]).includes(value);
}

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && (CHANNELS as readonly string[]).includes(value);
}
