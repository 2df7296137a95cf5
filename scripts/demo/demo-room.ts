/**
 * The local demo room for `npm start` out of the box: the Licode test server (dialect C, werift media plane) with
 * two synthetic participants, on 127.0.0.1 only, plus the "Local demo" profile pointing at it, so a newcomer joins a
 * working call in two clicks. This launcher owns the test server; the web host only receives the profile.
 * The server's fault-injection admin API stays off unless asked for (`npm run web -- --demo-admin`): nobody needs it
 * to join the demo, and it can drop clients and refuse tokens. The bots are added in-process, not through it.
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
  /** The test server's admin API, only when asked for with `admin: true`. */
  adminUrl: string | undefined;
  close(): Promise<void>;
}

export interface DemoRoomOptions {
  /** Default DEMO_REST_PORT (a free port when that one is taken); 0 = any free port. */
  restPort?: number;
  /** Expose the fault-injection admin API on a free 127.0.0.1 port (default off). */
  admin?: boolean;
}

async function startServer(restPort: number, admin: boolean): Promise<RunningTestServer> {
  return startTestServer({ dialect: 'C', bots: 2, botsRoom: DEMO_ROOM, restPort, admin });
}

export async function startDemoRoom(config: ConfigStore, options: DemoRoomOptions = {}): Promise<DemoRoom> {
  const preferred = options.restPort ?? DEMO_REST_PORT;
  const admin = options.admin ?? false;
  let server: RunningTestServer;
  try {
    server = await startServer(preferred, admin);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || preferred === 0) throw error;
    server = await startServer(0, admin);
  }
  try {
    const profile = await installDemoProfile(config, server.restUrl);
    return { profile, room: DEMO_ROOM, adminUrl: admin ? server.adminUrl : undefined, close: () => server.close() };
  } catch (error) {
    await server.close();
    throw error;
  }
}
