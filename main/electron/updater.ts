/**
 * Electron glue of updates: electron-updater (imported only when updates are on) with a generic provider at the
 * administrator's feed URL, driven by main/updates/update-policy.ts — nothing is downloaded or installed during a
 * call (a download that is running when a call starts is cancelled), a downloaded update installs on quit, or on a
 * kiosk in its maintenance window.
 */
import type { CallState } from '../calls/call-state';
import type { MaintenanceWindow } from '../kiosk/maintenance-window';
import type { AdminPolicy } from '../updates/admin-policy';
import { installOnQuit, nextUpdateStep } from '../updates/update-policy';

const STEP_INTERVAL_MS = 60 * 60 * 1000;

export interface UpdaterDeps {
  policy: AdminPolicy;
  callState: CallState;
  maintenanceWindow: MaintenanceWindow | null;
  log: { info(...args: unknown[]): void; warn(...args: unknown[]): void; error(...args: unknown[]): void; debug(...args: unknown[]): void };
}

export async function startUpdater({ policy, callState, maintenanceWindow, log }: UpdaterDeps): Promise<void> {
  if (policy.problem) log.warn(`Administrator policy: ${policy.problem}`);
  if (!policy.updatesEnabled || !policy.updateUrl) {
    log.info(policy.updatesEnabled ? 'Automatic updates: no update feed configured' : 'Automatic updates are turned off by the administrator');
    return;
  }
  const { autoUpdater, CancellationToken } = await import('electron-updater');
  autoUpdater.logger = log;
  autoUpdater.autoDownload = false;
  autoUpdater.autoInstallOnAppQuit = installOnQuit({ policy, maintenanceWindow });
  autoUpdater.setFeedURL({ provider: 'generic', url: policy.updateUrl });

  let available = false;
  let downloaded = false;
  let busy = false;
  let download: InstanceType<typeof CancellationToken> | null = null;
  const step = async () => {
    const next = nextUpdateStep({ policy, inCall: callState.get().inCall, maintenanceWindow, available, downloaded, now: new Date() });
    if (busy || next.do === 'nothing') return;
    busy = true;
    try {
      if (next.do === 'check') available = (await autoUpdater.checkForUpdates())?.isUpdateAvailable ?? false;
      else if (next.do === 'download') {
        download = new CancellationToken();
        await autoUpdater.downloadUpdate(download);
      } else autoUpdater.quitAndInstall();
    } catch (error) {
      log.warn('Automatic update step failed', next.do, error);
    } finally {
      busy = false;
      download = null;
    }
  };
  autoUpdater.on('update-downloaded', () => {
    downloaded = true;
    void step();
  });
  callState.onChange(({ inCall }) => {
    if (inCall) download?.cancel();
    else void step();
  });
  setInterval(() => void step(), STEP_INTERVAL_MS).unref();
  void step();
}
