/**
 * The Licode test server (`npm run server`) in a child process, so its CPU — signalling, the werift media plane and
 * the bots' libwebrtc encoders, which the CLI runs in the same process — is measured apart from the browser's.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { AdminClient } from '../../../e2e/server/admin-client';

const CLI = fileURLToPath(new URL('../../../e2e/server/cli.ts', import.meta.url));

export interface ServerProcess {
  readonly pid: number;
  /**
   * Gives every thread of the server process (signalling, media plane, the bots' encoders) a higher scheduling priority
   * than the browser's. The bots stand in for other people's computers: in a real meeting their cameras and encoders
   * do not share the viewer's CPU, so here they go first and the browser measured gets what is left — what it shows is
   * then its own limit, not the bots'. Call it after adding bots (their threads are new). Needs root or CAP_SYS_NICE:
   * returns false, and the run goes on at equal priority, without them.
   */
  runAheadOfBrowser(): boolean;
  readonly restUrl: string;
  readonly admin: AdminClient;
  close(): Promise<void>;
}

/** Scheduling priority of the server's threads (runAheadOfBrowser): above every ordinary process (0). */
const AHEAD_PRIORITY = -10;

export async function startServerProcess(dialect: 'A' | 'C'): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--dialect', dialect, '--port', '0', '--rest-port', '0', '--admin-port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<{ restUrl: string; adminUrl: string }>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    const timer = setTimeout(() => reject(new Error('The test server did not start within 30 s')), 30_000);
    lines.on('line', (line) => {
      if (!line.startsWith('{')) return;
      clearTimeout(timer);
      resolve(JSON.parse(line) as { restUrl: string; adminUrl: string });
    });
    child.once('exit', (code) => reject(new Error(`The test server exited with code ${String(code)} before it was ready`)));
  });
  return {
    pid: child.pid!,
    runAheadOfBrowser: () => {
      try {
        // Linux sets a priority per thread: every thread of the process, as /proc lists them now.
        for (const thread of readdirSync(`/proc/${child.pid!}/task`)) setPriority(Number(thread), AHEAD_PRIORITY);
        return true;
      } catch (error) {
        console.warn(`  the test server runs at the browser's priority (${error instanceof Error ? error.message : String(error)})`);
        return false;
      }
    },
    restUrl: ready.restUrl,
    admin: new AdminClient(ready.adminUrl),
    close: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A presenter token from the server's createToken endpoint (what main does for the app). */
export async function presenterToken(restUrl: string, room: string, username: string): Promise<string> {
  const res = await fetch(`${restUrl}/createToken/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, role: 'presenter', room }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`createToken failed (${res.status}): ${text}`);
  return text;
}
