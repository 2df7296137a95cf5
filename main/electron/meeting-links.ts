/**
 * Electron glue of meeting links: registers the app for licode-desktop:// and hands every link the OS gives it to
 * the pending-link store (main/links/pending-link.ts) — on a cold start (argv on Windows and Linux), from a second
 * launch (its argv, via the single-instance lock) and from macOS's open-url — then brings the window forward.
 */
import type { App, BrowserWindow } from 'electron';
import { resolve } from 'node:path';
import { LINK_SCHEME } from '../links/meeting-link';
import { linkInArgv, type PendingMeetingLink } from '../links/pending-link';

/** What of Electron's app this needs (a narrow slice, so the test stands in for it). */
export type LinkApp = Pick<App, 'setAsDefaultProtocolClient' | 'on'>;

export interface ProcessInfo {
  argv: readonly string[];
  /** True when started as `electron path/to/app` (development) rather than as the installed executable. */
  defaultApp: boolean;
  execPath: string;
}

/** Call before app 'ready': macOS delivers the link that launched the app as open-url during start-up. */
export function installMeetingLinks(
  app: LinkApp,
  links: PendingMeetingLink,
  mainWindow: () => BrowserWindow | null,
  proc: ProcessInfo,
  log: { warn(message: string): void },
): void {
  // In development the OS must start Electron with the app's path, or the link would open Electron's default app.
  const registered = proc.defaultApp
    ? app.setAsDefaultProtocolClient(LINK_SCHEME, proc.execPath, [resolve(proc.argv[1] ?? '.')])
    : app.setAsDefaultProtocolClient(LINK_SCHEME);
  if (!registered) log.warn(`Could not register Licode Desktop as the handler of ${LINK_SCHEME}:// links`);

  const coldStartLink = linkInArgv(proc.argv.slice(1));
  if (coldStartLink) links.offer(coldStartLink);

  const bringForward = () => {
    const win = mainWindow();
    if (win?.isMinimized()) win.restore();
    win?.focus();
  };
  app.on('second-instance', (_event, argv) => {
    const link = linkInArgv(argv.slice(1));
    if (link) links.offer(link);
    bringForward();
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    links.offer(url);
    bringForward();
  });
}
