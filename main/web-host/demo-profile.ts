/**
 * The "Local demo" server profile: which configuration asks for the demo room, and how the profile and its recent
 * room are written once a demo server is running. The server itself is not started here — main/ must not depend on
 * the test server — but by whatever launches the demo (scripts/demo/demo-room.ts), which then hands over its URL.
 */
import type { ConfigStore } from '../config/config-store';
import type { AppConfig, ServerProfile } from '../../common/api-contract';

export const DEMO_PROFILE_ID = 'local-demo';
export const DEMO_ROOM = 'demo';

/** With `--demo`, with no server configured yet, or while the demo profile of an earlier run is still saved. */
export function wantsDemo(config: AppConfig, flag: boolean): boolean {
  return flag || config.profiles.length === 0 || config.profiles.some((p) => p.id === DEMO_PROFILE_ID);
}

/** Saves (or refreshes) the demo profile pointing at `restUrl`, makes it active if none is, and lists its room. */
export async function installDemoProfile(config: ConfigStore, restUrl: string): Promise<ServerProfile> {
  const profile: ServerProfile = {
    id: DEMO_PROFILE_ID,
    name: 'Local demo',
    serverUrl: restUrl,
    generation: 'auto',
    defaultRole: 'presenter',
    allowSelfSigned: false,
  };
  await config.update((current) => {
    const others = current.profiles.filter((p) => p.id !== DEMO_PROFILE_ID);
    const hasRecent = current.recentRooms.some((r) => r.profileId === DEMO_PROFILE_ID && r.room === DEMO_ROOM);
    return {
      ...current,
      profiles: [...others, profile],
      activeProfileId: current.activeProfileId ?? profile.id,
      recentRooms: hasRecent
        ? current.recentRooms
        : [...current.recentRooms, { profileId: DEMO_PROFILE_ID, room: DEMO_ROOM, lastJoinedAt: new Date().toISOString() }].slice(-20),
    };
  });
  return profile;
}
