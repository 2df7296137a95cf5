/**
 * The local demo room for `npm start` out of the box: the embedded Licode test server (dialect C, werift media
 * plane) with two synthetic participants, on 127.0.0.1 only, plus a "Local demo" server profile and a recent
 * room pointing at it, so a newcomer joins a working call in two clicks. Started by the web host CLI when asked
 * (`--demo`), when no server is configured yet, or when the demo profile from an earlier run is still there.
 */
import type { ConfigStore } from '../config/config-store';
import type { AppConfig, ServerProfile } from '../../preload/api-contract';
import { startTestServer, type RunningTestServer } from '../../e2e/server/index';

export const DEMO_PROFILE_ID = 'local-demo';
export const DEMO_ROOM = 'demo';
/** Fixed so the saved demo profile stays valid from one run to the next; falls back to a free port. */
export const DEMO_REST_PORT = 5198;

export interface DemoServer {
  profile: ServerProfile;
  room: string;
  close(): Promise<void>;
}

export function wantsDemo(config: AppConfig, flag: boolean): boolean {
  return flag || config.profiles.length === 0 || config.profiles.some((p) => p.id === DEMO_PROFILE_ID);
}

async function startServer(restPort: number): Promise<RunningTestServer> {
  return startTestServer({ dialect: 'c', bots: 2, botsRoom: DEMO_ROOM, restPort });
}

export async function startDemoServer(config: ConfigStore, options: { restPort?: number } = {}): Promise<DemoServer> {
  const preferred = options.restPort ?? DEMO_REST_PORT;
  let server: RunningTestServer;
  try {
    server = await startServer(preferred);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || preferred === 0) throw error;
    server = await startServer(0);
  }
  const profile: ServerProfile = {
    id: DEMO_PROFILE_ID,
    name: 'Local demo',
    serverUrl: server.restUrl,
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
      recentRooms: hasRecent ? current.recentRooms : [...current.recentRooms, { profileId: DEMO_PROFILE_ID, room: DEMO_ROOM, lastJoinedAt: new Date().toISOString() }].slice(-20),
    };
  });
  return { profile, room: DEMO_ROOM, close: () => server.close() };
}
