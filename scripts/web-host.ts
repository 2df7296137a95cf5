/**
 * `npm run web -- [--port N] [--user-data DIR] [--reason TEXT] [--demo] [--demo-admin]`, or
 * `npm run web -- --kiosk [--kiosk-config FILE] [--kiosk-… options] [--port N] [--user-data DIR]` (kiosk mode).
 * Starts the web host and, when the configuration asks for it (main/web-host/demo-profile.ts), the local demo room;
 * `--demo-admin` also exposes the demo server's fault-injection admin API (off by default: e2e/server/README.md).
 * Prints exactly one line with the URL (prefixed by --reason when `npm start` fell back to the web host).
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isKioskRequested } from '../main/kiosk/kiosk-config';
import { startWebHostKiosk } from '../main/kiosk/web-host-kiosk';
import { startWebHostApp } from '../main/web-host/app';
import { wantsDemo } from '../main/web-host/demo-profile';
import { startDemoRoom } from './demo/demo-room';

export const DEFAULT_WEB_PORT = 5199;

function defaultUserDataDir(): string {
  const base = process.env['XDG_CONFIG_HOME'] || join(homedir(), '.config');
  return join(base, 'Licode Desktop (web host)');
}

async function main(): Promise<void> {
  if (isKioskRequested(process.argv)) return startKiosk();
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: String(DEFAULT_WEB_PORT) },
      'user-data': { type: 'string' },
      reason: { type: 'string' },
      demo: { type: 'boolean', default: false },
      'demo-admin': { type: 'boolean', default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got "${values.port}".`);
  const userDataDir = values['user-data'] ?? defaultUserDataDir();
  const app = await startWebHostApp({ port, userDataDir });
  // Out of the box (or with --demo): a local demo room with synthetic participants.
  const demo = wantsDemo(app.config.get(), values.demo ?? false) ? await startDemoRoom(app.config, { admin: values['demo-admin'] ?? false }) : null;
  const prefix = values.reason ? `${values.reason} ` : 'Licode Desktop web host: ';
  const adminNote = demo?.adminUrl ? ` Its admin API: ${demo.adminUrl}.` : '';
  const demoNote = demo ? ` Demo room "${demo.room}" on the local test server.${adminNote}` : '';
  console.log(`${prefix}open ${app.url} in Chromium (settings in ${userDataDir}; Ctrl+C to stop).${demoNote}`);
  const stop = () => void Promise.all([app.close(), demo?.close()]).then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/**
 * `--kiosk`: the kiosk page in the system's Chromium, supervised (main/kiosk/web-host-kiosk.ts). Only --port and
 * --user-data are the web host's; every --kiosk-* option is read by the kiosk configuration (`--kiosk --help`).
 */
async function startKiosk(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string', default: '0' }, 'user-data': { type: 'string' } },
    strict: false,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got "${String(values.port)}".`);
  const userDataDir = typeof values['user-data'] === 'string' ? values['user-data'] : defaultUserDataDir();
  const kiosk = await startWebHostKiosk({
    argv: process.argv.slice(2),
    env: process.env,
    port,
    userDataDir,
    onExit: () => process.exit(0),
    log: (message) => console.error(message),
  });
  if ('help' in kiosk) {
    console.log(kiosk.help);
    return;
  }
  const statusNote = kiosk.statusUrl ? `; status at ${kiosk.statusUrl}` : '';
  console.log(`Licode Desktop kiosk: ${kiosk.app.url} in the system's Chromium (status file ${kiosk.statusFile}${statusNote}; Ctrl+C to stop).`);
  const stop = () => void kiosk.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
  const reason = inUse
    ? 'the port is already in use; pass another one with --port N (0 picks a free port)'
    : error instanceof Error
      ? error.message
      : String(error);
  console.error(`Licode Desktop web host could not start: ${reason}.`);
  process.exit(1);
});
