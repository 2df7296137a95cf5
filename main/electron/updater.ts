/**
 * Electron glue of updates: electron-updater (imported only when updates are on) with a generic provider at the
 * administrator's feed URL, driven by main/updates/update-policy.ts — nothing is downloaded or installed during a
 * call (a download that is running when a call starts is cancelled), a downloaded update installs on quit, or on a
 * kiosk in its maintenance window. The page hears where the update stands (update:status) so it can say that a
 * version is ready, and may ask to restart into it outside a call.
 */
import type { UpdateStatus } from '../../common/api-contract';
import type { CallState } from '../calls/call-state';
import type { MaintenanceWindow } from '../kiosk/maintenance-window';
import type { AdminPolicy } from '../updates/admin-policy';
import { NO_UPDATES, type UpdateControl } from '../updates/update-control';
import { installOnQuit, nextUpdateStep, restartNowAnswer } from '../updates/update-policy';

const STEP_INTERVAL_MS = 60 * 60 * 1000;

export interface UpdaterDeps {
  policy: AdminPolicy;
  callState: CallState;
  maintenanceWindow: MaintenanceWindow | null;
  /** Told every time the status changes (main forwards it to the page as the update:status event). */
  onStatus(status: UpdateStatus): void;
  log: { info(...args: unknown[]): void; warn(...args: unknown[]): void; error(...args: unknown[]): void; debug(...args: unknown[]): void };
}

export async function startUpdater({ policy, callState, maintenanceWindow, onStatus, log }: UpdaterDeps): Promise<UpdateControl> {
  if (policy.problem) log.warn(`Administrator policy: ${policy.problem}`);
  if (!policy.updatesEnabled || !policy.updateUrl) {
    log.info(policy.updatesEnabled ? 'Automatic updates: no update feed configured' : 'Automatic updates are turned off by the administrator');
    return NO_UPDATES;
  }
  const { autoUpdater, CancellationToken } = await import('electron-updater');
  autoUpdater.logger = log;
  autoUpdater.autoDownload = false;
  autoUpdater.autoInstallOnAppQuit = installOnQuit({ policy, maintenanceWindow });
  autoUpdater.setFeedURL({ provider: 'generic', url: policy.updateUrl });

  let available = false;
  let version = '';
  let downloaded = false;
  let busy = false;
  let download: InstanceType<typeof CancellationToken> | null = null;
  let status: UpdateStatus = { state: 'idle' };
  const setStatus = (next: UpdateStatus) => {
    status = next;
    onStatus(next);
  };
  const step = async () => {
    const next = nextUpdateStep({ policy, inCall: callState.get().inCall, maintenanceWindow, available, downloaded, now: new Date() });
    if (busy || next.do === 'nothing') return;
    busy = true;
    try {
      if (next.do === 'check') {
        const result = await autoUpdater.checkForUpdates();
        available = result?.isUpdateAvailable ?? false;
        version = result?.updateInfo.version ?? '';
      } else if (next.do === 'download') {
        download = new CancellationToken();
        setStatus({ state: 'downloading', version });
        await autoUpdater.downloadUpdate(download);
      } else autoUpdater.quitAndInstall();
    } catch (error) {
      log.warn('Automatic update step failed', next.do, error);
      // A cancelled or failed download starts again after the call or at the next step; until then nothing is coming.
      if (next.do === 'download' && !downloaded) setStatus({ state: 'idle' });
    } finally {
      busy = false;
      download = null;
    }
    // What a check found is downloaded at once (if the policy still allows it), not an hour later.
    if (next.do === 'check' && available) await step();
  };
  autoUpdater.on('update-downloaded', (info: { version: string }) => {
    downloaded = true;
    setStatus({ state: 'ready', version: info.version });
    void step();
  });
  callState.onChange(({ inCall }) => {
    if (inCall) download?.cancel();
    else void step();
  });
  setInterval(() => void step(), STEP_INTERVAL_MS).unref();
  void step();

  return {
    status: () => status,
    restartNow: () => {
      const answer = restartNowAnswer({ inCall: callState.get().inCall, downloaded });
      if (answer === 'restart') autoUpdater.quitAndInstall();
      return answer;
    },
  };
}
