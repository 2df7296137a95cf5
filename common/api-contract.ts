/**
 * The one typed contract between the renderer and the host (Electron main or the web host).
 * main validates every argument with these schemas; the renderer uses the types; the preload only
 * forwards channel names from ./ipc-channels.ts.
 */
import * as v from 'valibot';
import type { LicodeTokenFields } from './licode-token';
import { SHARE_OPTIMISATIONS, type CaptureCapabilities, type PickerSource, type ShareControlAction } from './screen-share';
import { displaySafe, hasUnsafeCharacters } from './display-text';
import type { Channel, EventName } from './ipc-channels';
import { KIOSK_ARG_SCHEMAS, type KioskExitResult, type KioskPageConfig } from './kiosk/kiosk-contract';

export { CHANNELS, EVENTS, PRELOAD_GLOBAL, IPC_PREFIX, EVENT_PREFIX, isChannel, isEventName } from './ipc-channels';
export type { Channel, EventName } from './ipc-channels';

// ---------------------------------------------------------------------------------------------
// Shared value schemas
// ---------------------------------------------------------------------------------------------

export const LANGUAGES = ['en', 'zh-CN'] as const;
export const LanguageSchema = v.picklist(LANGUAGES);
export type Language = v.InferOutput<typeof LanguageSchema>;

/**
 * Protocol generation of the Licode server (docs/licode-protocol.md §1): detect, or force A0 (v3 and older, socket.io
 * 0.9), dialect A (v4–v6, socket.io 2), B (v7–v8, socket.io 2), C1C2 (dialect C on socket.io 2: v9–v10) or C (socket.io
 * 4: v11 and later).
 */
export const GENERATIONS = ['auto', 'A0', 'A', 'B', 'C1C2', 'C'] as const;
export const GenerationSchema = v.picklist(GENERATIONS);
export type Generation = v.InferOutput<typeof GenerationSchema>;

/** Roles shipped in licode_default.js (§6.4); other strings get no rights, so we do not offer them. */
export const ROLES = ['presenter', 'viewer', 'viewerWithData'] as const;
export const RoleSchema = v.picklist(ROLES);
export type Role = v.InferOutput<typeof RoleSchema>;

/** The createToken base URL, e.g. http://127.0.0.1:3001 — http(s) only, no credentials, no query. */
export const ServerUrlSchema = v.pipe(
  v.string(),
  v.trim(),
  v.nonEmpty('server-url-required'),
  v.maxLength(2048, 'server-url-too-long'),
  v.check((s) => {
    try {
      const url = new URL(s);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
    } catch {
      return false;
    }
  }, 'server-url-invalid'),
  v.check((s) => {
    try {
      const url = new URL(s);
      return url.username === '' && url.password === '' && url.search === '' && url.hash === '';
    } catch {
      return false;
    }
  }, 'server-url-extra-parts'),
  // Link-local addresses are where clouds serve instance metadata and credentials (169.254.169.254, fd00:ec2::254
  // is unique-local but the same service); no Licode server lives there, so the app never sends requests to them.
  v.check((s) => {
    try {
      return !isLinkLocalHost(new URL(s).hostname);
    } catch {
      return false;
    }
  }, 'server-url-link-local'),
);

function isLinkLocalHost(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return /^169\.254\.\d{1,3}\.\d{1,3}$/.test(name) || /^fe[89ab][0-9a-f]:/.test(name) || name === 'fd00:ec2::254';
}

/**
 * Names the UI shows lose the characters that would reorder or hide the text around them (common/display-text.ts),
 * on save and when settings are read. A room name is refused instead: it is an identifier other clients join by,
 * so quietly altering it would join another room.
 */
const visibleText = v.transform((text: string) => displaySafe(text));
export const ProfileNameSchema = v.pipe(v.string(), visibleText, v.nonEmpty('name-required'), v.maxLength(80, 'name-too-long'));
export const DisplayNameSchema = v.pipe(v.string(), visibleText, v.maxLength(64, 'display-name-too-long'));
export const RoomNameSchema = v.pipe(
  v.string(),
  v.trim(),
  v.nonEmpty('room-required'),
  v.maxLength(128, 'room-too-long'),
  v.check((room) => !hasUnsafeCharacters(room), 'room-invalid-characters'),
);
export const IdSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'id-invalid'));

/**
 * The generation detection found for a server (docs/licode-protocol.md §1.4): the dialect and the socket.io major
 * version (dialect C is socket.io 4 from Licode pre-v11.2, socket.io 2 before). Remembered per profile so later
 * joins skip the probe, which the real controller logs as a failed token authentication.
 */
export const DetectedGenerationSchema = v.union([
  v.object({ dialect: v.literal('C'), socketIo: v.literal(4) }),
  v.object({ dialect: v.literal('C'), socketIo: v.literal(2) }),
  v.object({ dialect: v.literal('A'), socketIo: v.literal(2) }),
  v.object({ dialect: v.literal('A'), socketIo: v.literal(0.9) }),
  v.object({ dialect: v.literal('B'), socketIo: v.literal(2) }),
]);
export type DetectedGeneration = v.InferOutput<typeof DetectedGenerationSchema>;

const profileEntries = {
  id: IdSchema,
  name: ProfileNameSchema,
  serverUrl: ServerUrlSchema,
  generation: GenerationSchema,
  defaultRole: RoleSchema,
  allowSelfSigned: v.boolean(),
  displayName: v.optional(DisplayNameSchema),
};

export const ServerProfileSchema = v.object({
  ...profileEntries,
  /**
   * What detection found for this server when `generation` is 'auto' (set through profiles:rememberGeneration,
   * kept while serverUrl stays the same). A value this version cannot read is dropped, not the whole config: the
   * next join simply detects again.
   */
  detectedGeneration: v.optional(v.fallback(v.optional(DetectedGenerationSchema), undefined)),
});
export type ServerProfile = v.InferOutput<typeof ServerProfileSchema>;

/** What the server form sends: a profile without id (new) or with the id of the profile it edits. */
export const ServerProfileInputSchema = v.object({
  ...profileEntries,
  id: v.optional(IdSchema),
});
export type ServerProfileInput = v.InferInput<typeof ServerProfileInputSchema>;

export const RecentRoomSchema = v.object({
  profileId: IdSchema,
  room: RoomNameSchema,
  lastJoinedAt: v.pipe(v.string(), v.isoTimestamp()),
});
export type RecentRoom = v.InferOutput<typeof RecentRoomSchema>;

const DeviceIdSchema = v.pipe(v.string(), v.maxLength(512));
export const PreferredDevicesSchema = v.object({
  cameraId: v.optional(DeviceIdSchema),
  microphoneId: v.optional(DeviceIdSchema),
  speakerId: v.optional(DeviceIdSchema),
});
export type PreferredDevices = v.InferOutput<typeof PreferredDevicesSchema>;

/**
 * Noise suppression of the microphone: none, the browser's own (getUserMedia's noiseSuppression), or RNNoise, a
 * recurrent network compiled to WebAssembly that runs in the page (renderer features/audio-processing) with the
 * browser's turned off.
 */
export const NOISE_SUPPRESSION_MODES = ['off', 'browser', 'rnnoise'] as const;
export const NoiseSuppressionSchema = v.picklist(NOISE_SUPPRESSION_MODES);
export type NoiseSuppression = v.InferOutput<typeof NoiseSuppressionSchema>;

/** How the app processes the local camera and microphone (the Settings screen; applied at once in a call). */
export const MediaSettingsSchema = v.object({
  echoCancellation: v.boolean(),
  noiseSuppression: NoiseSuppressionSchema,
  autoGainControl: v.boolean(),
  /** Shows your own video mirrored, as a mirror would; what others receive is never mirrored. */
  mirrorSelfView: v.boolean(),
  backgroundBlur: v.boolean(),
});
export type MediaSettings = v.InferOutput<typeof MediaSettingsSchema>;

export const CONFIG_VERSION = 3;

export const AppConfigSchema = v.object({
  version: v.literal(CONFIG_VERSION),
  language: LanguageSchema,
  profiles: v.pipe(v.array(ServerProfileSchema), v.maxLength(50)),
  activeProfileId: v.nullable(IdSchema),
  recentRooms: v.pipe(v.array(RecentRoomSchema), v.maxLength(20)),
  preferredDevices: PreferredDevicesSchema,
  displayName: DisplayNameSchema,
  joinWithCamera: v.boolean(),
  joinWithMicrophone: v.boolean(),
  media: MediaSettingsSchema,
  /** Desktop notifications for chat and joins while the app is not in front. */
  notifications: v.boolean(),
});
export type AppConfig = v.InferOutput<typeof AppConfigSchema>;

/**
 * Why config.json could not be used: not a regular file (a directory, a FIFO…), larger than the store reads, no
 * permission, another read error (e.g. a symlink loop), or damaged content that could not be moved aside.
 */
export const CONFIG_UNREADABLE_REASONS = ['not-a-file', 'too-large', 'no-access', 'read-failed', 'damaged'] as const;
export type ConfigUnreadableReason = (typeof CONFIG_UNREADABLE_REASONS)[number];

/**
 * Why the config in use is not the one on disk; the UI shows it until dismissed. `backupFile` is a file name in the
 * user-data directory, `file` the full path of config.json.
 */
export type ConfigNotice =
  | { kind: 'reset-corrupt'; backupFile: string }
  | { kind: 'reset-invalid'; backupFile: string }
  | { kind: 'migrated'; fromVersion: number }
  /** Entries that failed validation were dropped one by one; the original file was kept as backupFile (null: left in place). */
  | { kind: 'entries-dropped'; count: number; backupFile: string | null }
  /** Written by a newer version: read best-effort, and kept (moved aside, never downgraded in place) when settings change. */
  | { kind: 'newer-version'; version: number; file: string }
  /** Not read at all: defaults in memory; the file is left alone until settings change, then moved aside first. */
  | { kind: 'unreadable'; reason: ConfigUnreadableReason; file: string };

export interface ConfigSnapshot {
  config: AppConfig;
  notice: ConfigNotice | null;
}

/** The decoded Licode token (docs/licode-protocol.md §6.3); one schema for main and the library: ./licode-token.ts. */
export type LicodeToken = LicodeTokenFields;

export interface CreatedToken {
  /** The token exactly as the server sent it (base64); hand it to the Licode client, never log or store it. */
  encoded: string;
  decoded: LicodeToken;
}

export interface AppInfo {
  name: string;
  version: string;
  host: 'electron' | 'web';
  platform: string;
  versions: Record<string, string>;
}

// ---------------------------------------------------------------------------------------------
// Per-channel arguments and results
// ---------------------------------------------------------------------------------------------

const NoArgs = v.optional(v.undefined());

export const ConfigPatchSchema = v.strictObject({
  language: v.optional(LanguageSchema),
  activeProfileId: v.optional(v.nullable(IdSchema)),
  preferredDevices: v.optional(PreferredDevicesSchema),
  displayName: v.optional(DisplayNameSchema),
  joinWithCamera: v.optional(v.boolean()),
  joinWithMicrophone: v.optional(v.boolean()),
  /** The whole group (main merges a patch one level deep only), and nothing else in it. */
  media: v.optional(v.strictObject(MediaSettingsSchema.entries)),
  notifications: v.optional(v.boolean()),
});
export type ConfigPatch = v.InferInput<typeof ConfigPatchSchema>;

const TokenUsernameSchema = v.pipe(v.string(), v.trim(), v.nonEmpty('username-required'), v.maxLength(64));

/** A token for a saved profile: main looks up the server URL, role and TLS choice, so the page cannot aim it elsewhere. */
export const CreateTokenArgsSchema = v.strictObject({
  profileId: IdSchema,
  room: RoomNameSchema,
  username: TokenUsernameSchema,
});
export type CreateTokenArgs = v.InferInput<typeof CreateTokenArgsSchema>;

/** Names one running server check, so the page can cancel it (a random id the page picks). */
const ServerCheckIdSchema = v.pipe(v.string(), v.regex(/^check-[\w-]{8,64}$/, 'check-id-invalid'));

/** The server form's "test before saving": its unsaved values; the answer says only whether a Licode token came back. */
export const ServerCheckArgsSchema = v.strictObject({
  serverUrl: ServerUrlSchema,
  role: RoleSchema,
  allowSelfSigned: v.optional(v.boolean(), false),
  checkId: v.optional(ServerCheckIdSchema),
});
export type ServerCheckArgs = v.InferInput<typeof ServerCheckArgsSchema>;

/** What a successful server check reveals: where its tokens point, never a token. */
export interface ServerCheckResult {
  controllerHost: string;
  secure: boolean;
}

const ShareRequestIdSchema = v.pipe(v.string(), v.regex(/^share-\d{1,9}$/, 'share-request-invalid'));

/** The source the person picked in our screen-share picker, and how to capture it. */
export const DisplayChoiceSchema = v.strictObject({
  requestId: ShareRequestIdSchema,
  sourceId: v.pipe(v.string(), v.regex(/^(screen|window):[\w.-]{1,64}(:[\w.-]{1,64})?$/, 'share-source-invalid')),
  shareAudio: v.boolean(),
  optimiseFor: v.picklist(SHARE_OPTIMISATIONS),
});

export interface DisplayPick {
  requestId: string;
  capabilities: CaptureCapabilities;
}

/**
 * A meeting link main parsed (licode-desktop://join?…, main/links/meeting-link.ts): the server as an http(s) URL or a
 * saved server's id or name, the room, and the display name the link suggests.
 */
export interface MeetingLink {
  server: { kind: 'url'; url: string } | { kind: 'profile'; ref: string };
  room: string;
  displayName?: string;
}

/** What the tray's menu asks the page to do with the call (main shows the window itself). */
export type TrayAction = 'toggle-mute' | 'leave';

/** What the renderer tells main about the call: updates wait for it, closing asks, the tray shows the mute state. */
export const CallStateReportSchema = v.strictObject({ inCall: v.boolean(), muted: v.boolean() });
export type CallStateReport = v.InferOutput<typeof CallStateReportSchema>;

/** The longest chat preview the page sends for a desktop notification (main shortens it further for display). */
export const CALL_EVENT_PREVIEW_MAX = 200;
// A participant's name is at most 64 code points (renderer features/call/participant-name.ts): 128 UTF-16 units.
const CallEventNameSchema = v.pipe(v.string(), visibleText, v.nonEmpty('name-required'), v.maxLength(128, 'name-too-long'));
/**
 * Something in the call a person in another window would want to know: a chat message from someone else, or someone
 * joining. Main may raise a desktop notification and counts unread chat for the badge. `focused`: whether the page
 * has focus — the web host, which has no window of its own, decides with it; Electron asks its window instead.
 */
export const CallEventSchema = v.variant('kind', [
  v.strictObject({
    kind: v.literal('chat'),
    from: CallEventNameSchema,
    preview: v.pipe(v.string(), v.maxLength(CALL_EVENT_PREVIEW_MAX, 'preview-too-long')),
    focused: v.boolean(),
  }),
  v.strictObject({ kind: v.literal('joined'), name: CallEventNameSchema, focused: v.boolean() }),
]);
export type CallEvent = v.InferOutput<typeof CallEventSchema>;

/** Where an automatic update stands (installed Electron builds only; the web host is always 'idle'). */
export type UpdateStatus = { state: 'idle' } | { state: 'downloading'; version: string } | { state: 'ready'; version: string };

/** What the page's screen share is doing: main shows the sharing bar window while it runs (Electron). */
export const ShareStateReportSchema = v.strictObject({ sharing: v.boolean(), paused: v.boolean() });
export type ShareStateReport = v.InferOutput<typeof ShareStateReportSchema>;

export const ARG_SCHEMAS = {
  'app:info': NoArgs,
  'config:get': NoArgs,
  'config:update': ConfigPatchSchema,
  'config:dismissNotice': NoArgs,
  'profiles:save': ServerProfileInputSchema,
  'profiles:remove': v.strictObject({ id: IdSchema }),
  'recentRooms:add': v.strictObject({ profileId: IdSchema, room: RoomNameSchema }),
  /** Remember (or, with null, forget) the generation detection found for a profile's server. */
  'profiles:rememberGeneration': v.strictObject({ profileId: IdSchema, generation: v.nullable(DetectedGenerationSchema) }),
  'token:create': CreateTokenArgsSchema,
  'server:check': ServerCheckArgsSchema,
  /** Stops a running check at once (its 'server:check' call then fails with 'cancelled'); unknown ids are ignored. */
  'server:cancelCheck': v.strictObject({ checkId: ServerCheckIdSchema }),
  /** Web host: open the picker before the page captures (Electron opens it from getDisplayMedia). */
  'display:request': NoArgs,
  /** The sources of the open request only: window titles and thumbnails are not for any page script at any time. */
  'display:sources': v.strictObject({ requestId: ShareRequestIdSchema }),
  'display:choose': DisplayChoiceSchema,
  'display:cancel': v.strictObject({ requestId: ShareRequestIdSchema }),
  /** The meeting link that opened the app and no page has taken yet (cold start, second instance, macOS open-url). */
  'links:takePending': NoArgs,
  /** Why the last link the OS passed was refused (its problem key, e.g. 'unknown-key'), once; null when none was. */
  'links:takeRefusal': NoArgs,
  /** Web host: a link passed on the page URL (?link=…), parsed by the same strict parser as the desktop's. */
  'links:open': v.strictObject({ url: v.pipe(v.string(), v.maxLength(8192, 'link-too-long')) }),
  'call:state': CallStateReportSchema,
  'call:event': CallEventSchema,
  'update:status': NoArgs,
  /** Install the downloaded update now: refused during a call (it then installs when the app quits). */
  'update:restartNow': NoArgs,
  /** Support: the redacted log files in one file (Electron asks where to save it; the web host saves in its logs folder). */
  'logs:export': NoArgs,
  /** The page's screen share started, paused, resumed or stopped (Electron opens, updates or closes the sharing bar). */
  'share:state': ShareStateReportSchema,
  /** The compact always-on-top presenter view (Electron resizes the window; the web host keeps it in the page). */
  'window:presenterMode': v.strictObject({ compact: v.boolean() }),
  ...KIOSK_ARG_SCHEMAS,
} as const satisfies Record<Channel, v.GenericSchema>;

export type ArgsOf<C extends Channel> = v.InferInput<(typeof ARG_SCHEMAS)[C]>;
export type ParsedArgsOf<C extends Channel> = v.InferOutput<(typeof ARG_SCHEMAS)[C]>;

export interface ResultMap {
  'app:info': AppInfo;
  'config:get': ConfigSnapshot;
  'config:update': AppConfig;
  'config:dismissNotice': ConfigSnapshot;
  'profiles:save': { profile: ServerProfile; config: AppConfig };
  'profiles:remove': AppConfig;
  'recentRooms:add': AppConfig;
  'profiles:rememberGeneration': AppConfig;
  'token:create': CreatedToken;
  'server:check': ServerCheckResult;
  'server:cancelCheck': null;
  'display:request': DisplayPick;
  'display:sources': { sources: PickerSource[]; capabilities: CaptureCapabilities };
  'display:choose': null;
  'display:cancel': null;
  'links:takePending': MeetingLink | null;
  'links:takeRefusal': string | null;
  'links:open': MeetingLink;
  'call:state': null;
  /** Whether main raised (or, in the web host, would raise) a desktop notification for it. */
  'call:event': { notified: boolean };
  'update:status': UpdateStatus;
  'update:restartNow': null;
  /** Where the export was written, or null when the person cancelled the save dialog. */
  'logs:export': { path: string } | null;
  'share:state': null;
  'window:presenterMode': null;
  'kiosk:config': KioskPageConfig;
  'kiosk:token': CreatedToken;
  'kiosk:heartbeat': null;
  'kiosk:status': null;
  'kiosk:exit': KioskExitResult;
}
export type ResultOf<C extends Channel> = ResultMap[C];

export interface EventMap {
  'config:changed': AppConfig;
  /** Show the screen-share picker for this request. */
  'display:pick': DisplayPick;
  /** A meeting link opened the app (again); it stays pending in main until a page takes it. */
  'links:opened': MeetingLink;
  /** A link the OS passed was refused by the strict parser; the page takes the reason with links:takeRefusal. */
  'links:refused': { problem: string };
  /** The tray's Mute/Unmute or Leave call was chosen. */
  'tray:action': { action: TrayAction };
  /** An update started downloading, or is downloaded and installs when the app quits. */
  'update:status': UpdateStatus;
  /** The sharing bar window's Pause, Resume or Stop was clicked. */
  'share:control': { action: ShareControlAction };
}
export type EventPayload<E extends EventName> = EventMap[E];

// ---------------------------------------------------------------------------------------------
// Errors and the result envelope (errors cross the boundary as data, never as thrown objects)
// ---------------------------------------------------------------------------------------------

export type ApiErrorCode =
  | 'forbidden-sender'
  | 'unknown-channel'
  | 'invalid-arguments'
  | 'not-found'
  | 'token-unreachable'
  | 'token-timeout'
  | 'token-refused'
  | 'token-not-licode'
  | 'token-malformed'
  | 'token-tls'
  | 'token-insecure'
  | 'cancelled'
  | 'unavailable'
  | 'config-write-failed'
  | 'internal';

export interface ApiIssue {
  /** Dotted path of the offending argument field, '' for the whole argument. */
  path: string;
  /** Machine-readable message key (e.g. 'server-url-invalid') the renderer can translate. */
  message: string;
}

export interface ApiErrorData {
  code: ApiErrorCode;
  /** A human sentence in English, safe to show and to log (never contains a token). */
  message: string;
  /** HTTP status for token-refused. */
  status?: number;
  issues?: ApiIssue[];
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiErrorData };

/** What the preload exposes as `window.licodeDesktop` and what the web-host bridge implements. */
export interface LicodeDesktopBridge {
  readonly host: 'electron' | 'web';
  invoke<C extends Channel>(channel: C, args: ArgsOf<C>): Promise<ApiResult<ResultOf<C>>>;
  /** Subscribes to an event from main; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}
