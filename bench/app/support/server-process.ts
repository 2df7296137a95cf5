/**
 * The Licode test server (`npm run server`) in a child process, so its CPU — signalling, the werift media plane and
 * the bots' libwebrtc encoders, which the CLI runs in the same process — is measured apart from the browser's.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { AdminClient } from '../../../e2e/server/admin-client';

const CLI = fileURLToPath(new URL('../../../e2e/server/cli.ts', import.meta.url));

export interface ServerProcess {
  readonly pid: number;
  readonly restUrl: string;
  readonly admin: AdminClient;
  close(): Promise<void>;
}

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
