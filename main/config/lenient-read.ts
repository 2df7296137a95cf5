/**
 * Reads a config object field by field and entry by entry, so one bad profile or recent room costs that entry and not
 * the whole settings file. Missing fields take their defaults silently (older files lack newer fields); a field or
 * entry that is present but invalid is dropped and counted, so the store can tell the user.
 */
import * as v from 'valibot';
import {
  DisplayNameSchema,
  IdSchema,
  LanguageSchema,
  MediaSettingsSchema,
  PreferredDevicesSchema,
  RecentRoomSchema,
  ServerProfileSchema,
  type AppConfig,
  type MediaSettings,
  type PreferredDevices,
  type RecentRoom,
  type ServerProfile,
} from '../../common/api-contract';
import { defaultConfig } from './defaults';

const MAX_PROFILES = 50;
const MAX_RECENT_ROOMS = 20;

export interface LenientResult {
  config: AppConfig;
  /** Fields reset to their default plus entries left out. */
  dropped: number;
}

export function readConfigLeniently(data: Readonly<Record<string, unknown>>): LenientResult {
  const defaults = defaultConfig();
  let dropped = 0;

  function field<S extends v.GenericSchema>(key: string, schema: S, fallback: v.InferOutput<S>): v.InferOutput<S> {
    if (data[key] === undefined) return fallback;
    const parsed = v.safeParse(schema, data[key]);
    if (parsed.success) return parsed.output;
    dropped += 1;
    return fallback;
  }

  function entries<T>(key: string, schema: v.GenericSchema<unknown, T>, max: number): T[] {
    const raw = data[key];
    if (raw === undefined) return [];
    if (!Array.isArray(raw)) {
      dropped += 1;
      return [];
    }
    const kept: T[] = [];
    for (const item of raw) {
      const parsed = v.safeParse(schema, item);
      if (parsed.success && kept.length < max) kept.push(parsed.output);
      else dropped += 1;
    }
    return kept;
  }

  // Only what AppConfigSchema itself rejects is dropped, so whatever an update wrote always reads back unchanged.
  const profiles = entries<ServerProfile>('profiles', ServerProfileSchema, MAX_PROFILES);
  const recentRooms = entries<RecentRoom>('recentRooms', RecentRoomSchema, MAX_RECENT_ROOMS);
  const active = field('activeProfileId', v.nullable(IdSchema), null);
  // The active profile may have been dropped above: the first one left takes its place.
  const activeProfileId = active !== null && profiles.some((p) => p.id === active) ? active : (profiles[0]?.id ?? null);

  const config: AppConfig = {
    version: defaults.version,
    language: field('language', LanguageSchema, defaults.language),
    profiles,
    activeProfileId,
    recentRooms,
    preferredDevices: readPreferredDevices(data['preferredDevices'], () => (dropped += 1)),
    displayName: field('displayName', DisplayNameSchema, defaults.displayName),
    joinWithCamera: field('joinWithCamera', v.boolean(), defaults.joinWithCamera),
    joinWithMicrophone: field('joinWithMicrophone', v.boolean(), defaults.joinWithMicrophone),
    media: readMediaSettings(data['media'], defaults.media, () => (dropped += 1)),
    notifications: field('notifications', v.boolean(), defaults.notifications),
  };
  return { config, dropped };
}

/** Each setting on its own: one unreadable value (say a mode a newer version added) resets only itself. */
function readMediaSettings(raw: unknown, defaults: MediaSettings, drop: () => void): MediaSettings {
  if (raw === undefined) return defaults;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    drop();
    return defaults;
  }
  const read = <K extends keyof MediaSettings>(key: K): MediaSettings[K] => {
    const value = (raw as Record<string, unknown>)[key];
    if (value === undefined) return defaults[key];
    const parsed = v.safeParse(MediaSettingsSchema.entries[key], value);
    // entries[key] is typed as the union of all five schemas; the one for `key` outputs MediaSettings[K].
    if (parsed.success) return parsed.output as MediaSettings[K];
    drop();
    return defaults[key];
  };
  return {
    echoCancellation: read('echoCancellation'),
    noiseSuppression: read('noiseSuppression'),
    autoGainControl: read('autoGainControl'),
    mirrorSelfView: read('mirrorSelfView'),
    backgroundBlur: read('backgroundBlur'),
  };
}

function readPreferredDevices(raw: unknown, drop: () => void): PreferredDevices {
  if (raw === undefined) return {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    drop();
    return {};
  }
  const devices: PreferredDevices = {};
  for (const key of ['cameraId', 'microphoneId', 'speakerId'] as const) {
    const value = (raw as Record<string, unknown>)[key];
    if (value === undefined) continue;
    const parsed = v.safeParse(PreferredDevicesSchema.entries[key], value);
    if (parsed.success && parsed.output !== undefined) devices[key] = parsed.output;
    else drop();
  }
  return devices;
}
