/**
 * `npm run web -- [--port N] [--user-data DIR] [--reason TEXT]`
 * Prints exactly one line with the URL (prefixed by --reason when `npm start` fell back to the web host).
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startWebHostApp } from './app';

export const DEFAULT_WEB_PORT = 5199;

function defaultUserDataDir(): string {
  const base = process.env['XDG_CONFIG_HOME'] || join(homedir(), '.config');
  return join(base, 'Licode Desktop (web host)');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: String(DEFAULT_WEB_PORT) },
      'user-data': { type: 'string' },
      reason: { type: 'string' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got "${values.port}".`);
  const userDataDir = values['user-data'] ?? defaultUserDataDir();
  const app = await startWebHostApp({ port, userDataDir });
  const prefix = values.reason ? `${values.reason} ` : 'Licode Desktop web host: ';
  console.log(`${prefix}open ${app.url} in Chromium (settings in ${userDataDir}; Ctrl+C to stop).`);
  const stop = () => void app.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
  const reason = inUse ? 'the port is already in use; pass another one with --port N (0 picks a free port)' : error instanceof Error ? error.message : String(error);
  console.error(`Licode Desktop web host could not start: ${reason}.`);
  process.exit(1);
});
