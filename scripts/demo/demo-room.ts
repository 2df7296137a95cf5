/**
 * The local demo room for `npm start` out of the box: the Licode test server (dialect C, werift media plane) with
 * two synthetic participants, on 127.0.0.1 only, plus the "Local demo" profile pointing at it, so a newcomer joins a
 * working call in two clicks. This launcher owns the test server; the web host only receives the profile.
 */
import type { ConfigStore } from '../../main/config/config-store';
import { DEMO_ROOM, installDemoProfile } from '../../main/web-host/demo-profile';
import type { ServerProfile } from '../../common/api-contract';
import { startTestServer, type RunningTestServer } from '../../e2e/server/index';

/** Fixed so the saved demo profile stays valid from one run to the next; falls back to a free port. */
export const DEMO_REST_PORT = 5198;

export interface DemoRoom {
  profile: ServerProfile;
  room: string;
  close(): Promise<void>;
}

async function startServer(restPort: number): Promise<RunningTestServer> {
  return startTestServer({ dialect: 'C', bots: 2, botsRoom: DEMO_ROOM, restPort });
}

export async function startDemoRoom(config: ConfigStore, options: { restPort?: number } = {}): Promise<DemoRoom> {
  const preferred = options.restPort ?? DEMO_REST_PORT;
  let server: RunningTestServer;
  try {
    server = await startServer(preferred);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || preferred === 0) throw error;
    server = await startServer(0);
  }
  try {
    const profile = await installDemoProfile(config, server.restUrl);
    return { profile, room: DEMO_ROOM, close: () => server.close() };
  } catch (error) {
    await server.close();
    throw error;
  }
}
