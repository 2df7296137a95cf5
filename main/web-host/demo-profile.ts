/**
 * The "Local demo" server profile: which configuration asks for the demo room, and how the profile is written once a
 * demo server is running. The server itself is not started here — main/ must not depend on the test server — but by
 * whatever launches the demo (scripts/demo/demo-room.ts), which then hands over its URL. Its room is not written into
 * the recent rooms: those list only rooms the person really joined; Home offers the demo room by itself.
 */
import type { ConfigStore } from '../config/config-store';
import type { AppConfig, ServerProfile } from '../../common/api-contract';
import { DEMO_PROFILE_ID } from '../../common/demo-room';

export { DEMO_PROFILE_ID, DEMO_ROOM } from '../../common/demo-room';

/** With `--demo`, with no server configured yet, or while the demo profile of an earlier run is still saved. */
export function wantsDemo(config: AppConfig, flag: boolean): boolean {
  return flag || config.profiles.length === 0 || config.profiles.some((p) => p.id === DEMO_PROFILE_ID);
}

/** Saves (or refreshes) the demo profile pointing at `restUrl` and makes it active if none is. */
export async function installDemoProfile(config: ConfigStore, restUrl: string): Promise<ServerProfile> {
  const profile: ServerProfile = {
    id: DEMO_PROFILE_ID,
    name: 'Local demo',
    serverUrl: restUrl,
    generation: 'auto',
    defaultRole: 'presenter',
    allowSelfSigned: false,
  };
  await config.update((current): AppConfig => {
    const others = current.profiles.filter((p) => p.id !== DEMO_PROFILE_ID);
    return { ...current, profiles: [...others, profile], activeProfileId: current.activeProfileId ?? profile.id };
  });
  return profile;
}
