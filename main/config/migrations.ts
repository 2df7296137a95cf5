/**
 * Upgrades config files written by older versions. Each step takes the parsed JSON of version N and
 * returns version N+1; steps never throw on odd values — they drop what they cannot read and the
 * schema check afterwards decides whether the result is usable.
 */
import { CONFIG_VERSION } from '../../common/api-contract';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Version 1 (0.0.x previews): `{version: 1, lang, servers: [{name, url, role}], lastRoom?}`.
 * Version 2: profiles with ids, generation and self-signed flag; recent rooms per profile.
 */
function v1ToV2(old: Json): Json {
  const servers = Array.isArray(old['servers']) ? old['servers'].filter(isObject) : [];
  const profiles = servers.map((server, index) => ({
    id: `migrated-${index + 1}`,
    name: typeof server['name'] === 'string' && server['name'].trim() ? server['name'] : `Server ${index + 1}`,
    serverUrl: server['url'],
    generation: 'auto',
    defaultRole: server['role'] === 'viewer' || server['role'] === 'viewerWithData' ? server['role'] : 'presenter',
    allowSelfSigned: false,
  }));
  const lastRoom = typeof old['lastRoom'] === 'string' && old['lastRoom'].trim() ? old['lastRoom'].trim() : null;
  const firstProfile = profiles[0];
  return {
    version: 2,
    language: old['lang'] === 'zh' || old['lang'] === 'zh-CN' ? 'zh-CN' : 'en',
    profiles,
    activeProfileId: firstProfile ? firstProfile.id : null,
    recentRooms: lastRoom && firstProfile ? [{ profileId: firstProfile.id, room: lastRoom, lastJoinedAt: new Date(0).toISOString() }] : [],
    preferredDevices: {},
    displayName: typeof old['displayName'] === 'string' ? old['displayName'] : '',
    joinWithCamera: true,
    joinWithMicrophone: true,
  };
}

/**
 * Version 3: the Settings screen's `media` group (audio processing, mirror, blur) and `notifications`. The values are
 * version 3's defaults written out, not defaultMediaSettings(): a later change of the defaults must not change what
 * this step produced. A `media` or `notifications` a v2 file somehow carries is kept; lenient-read judges it.
 */
function v2ToV3(old: Json): Json {
  return {
    media: { echoCancellation: true, noiseSuppression: 'browser', autoGainControl: true, mirrorSelfView: true, backgroundBlur: false },
    notifications: true,
    ...old,
    version: 3,
  };
}

const STEPS: Record<number, (old: Json) => Json> = { 1: v1ToV2, 2: v2ToV3 };

export type MigrationResult =
  /** Upgraded (or already) to CONFIG_VERSION. */
  | { kind: 'current'; data: Json; fromVersion: number }
  /** Written by a newer app: returned as it is, for a best-effort read of the fields this version knows. */
  | { kind: 'newer'; data: Json; version: number };

/** Returns the data upgraded to CONFIG_VERSION, or null when it is not a config object or its version is nonsense. */
export function migrate(data: unknown): MigrationResult | null {
  if (!isObject(data)) return null;
  // Files from before versioning carried no version field: they are version 1.
  const fromVersion = data['version'] === undefined ? 1 : data['version'];
  if (typeof fromVersion !== 'number' || !Number.isSafeInteger(fromVersion) || fromVersion < 1) return null;
  if (fromVersion > CONFIG_VERSION) return { kind: 'newer', data, version: fromVersion };
  let current: Json = data;
  for (let version = fromVersion; version < CONFIG_VERSION; version++) {
    const step = STEPS[version];
    if (!step) return null;
    current = step(current);
  }
  return { kind: 'current', data: current, fromVersion };
}
