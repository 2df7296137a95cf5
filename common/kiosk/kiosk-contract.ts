/**
 * The kiosk's part of the preload API contract (common/api-contract.ts adds these to ARG_SCHEMAS and ResultMap):
 * what the kiosk page asks main (its settings, a token, the exit) and what it reports (heartbeats with media
 * figures, its state). Main owns the configuration; the page only ever sees the resolved, display-safe part.
 */
import * as v from 'valibot';
import type { DetectedGeneration, Generation } from '../api-contract';

/** What the kiosk page needs to join: no server URL, no PIN hash (main keeps those). */
export interface KioskPageSettings {
  room: string;
  displayName: string;
  generation: Generation;
  knownGeneration: DetectedGeneration | null;
  allowSelfSigned: boolean;
  /** Label patterns (common/kiosk/device-patterns.ts), already validated by main. */
  camera: string | null;
  microphone: string | null;
  speaker: string | null;
  /** Whether the hidden exit exists (a pinHash is configured). */
  exitEnabled: boolean;
}

/** kiosk:config's answer: not a kiosk, a kiosk, or a kiosk whose configuration is wrong (shown on screen). */
export type KioskPageConfig = { mode: 'off' } | { mode: 'on'; settings: KioskPageSettings } | { mode: 'error'; key: string; message: string };

/** Cumulative counters since the page loaded (main compares successive heartbeats). */
const MediaCountersSchema = v.strictObject({
  bytes: v.pipe(v.number(), v.finite(), v.minValue(0)),
  frames: v.pipe(v.number(), v.finite(), v.minValue(0)),
});
export type MediaCounters = v.InferOutput<typeof MediaCountersSchema>;

const DeviceStatusSchema = v.nullable(v.strictObject({ label: v.pipe(v.string(), v.maxLength(200)), matched: v.boolean() }));

export const KioskHeartbeatSchema = v.strictObject({
  /** null per direction: nothing expected (alone in the room, camera and microphone off, not in the room). */
  media: v.strictObject({ inbound: v.nullable(MediaCountersSchema), outbound: v.nullable(MediaCountersSchema) }),
  devices: v.optional(v.strictObject({ camera: DeviceStatusSchema, microphone: DeviceStatusSchema, speaker: DeviceStatusSchema })),
});
export type KioskHeartbeat = v.InferInput<typeof KioskHeartbeatSchema>;

/** The states the page itself reports (starting and reloading are main's: the page is not there yet). */
export const KIOSK_PAGE_STATES = ['joining', 'in-room', 'reconnecting', 'offline', 'error'] as const;
export type KioskPageState = (typeof KIOSK_PAGE_STATES)[number];

export const KioskStatusReportSchema = v.strictObject({
  state: v.picklist(KIOSK_PAGE_STATES),
  reason: v.optional(v.pipe(v.string(), v.maxLength(500))),
});
export type KioskStatusReport = v.InferInput<typeof KioskStatusReportSchema>;

export const KioskExitSchema = v.strictObject({ pin: v.pipe(v.string(), v.maxLength(64)) });

/** The exit dialog's answer; 'accepted' closes the kiosk right after answering. */
export type KioskExitResult = { outcome: 'accepted' } | { outcome: 'refused'; attemptsLeft: number } | { outcome: 'locked'; retryInMs: number };

export const KIOSK_ARG_SCHEMAS = {
  'kiosk:config': v.optional(v.undefined()),
  /** A fresh token for the kiosk's room: main resolves the server, role and name from the kiosk configuration. */
  'kiosk:token': v.optional(v.undefined()),
  'kiosk:heartbeat': KioskHeartbeatSchema,
  'kiosk:status': KioskStatusReportSchema,
  'kiosk:exit': KioskExitSchema,
} as const;
