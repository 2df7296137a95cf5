/**
 * When Licode Desktop may look for, download and install an update. The rules: nothing without a feed URL or against
 * the administrator's policy; nothing is downloaded or installed during a call; a downloaded update installs when
 * the app quits, or — on a kiosk, which never quits — in its maintenance window, and even then only outside a call.
 * Electron-free; main/electron/updater.ts asks it at every change (call state, download finished, a timer).
 */
import { isInMaintenanceWindow, type MaintenanceWindow } from '../kiosk/maintenance-window';
import type { AdminPolicy } from './admin-policy';

export interface UpdateSituation {
  policy: AdminPolicy;
  inCall: boolean;
  /** Set for a kiosk: updates install only inside it. */
  maintenanceWindow: MaintenanceWindow | null;
  /** An update was found and not yet downloaded. */
  available: boolean;
  /** An update is downloaded and waits to be installed. */
  downloaded: boolean;
  now: Date;
}

export type UpdateStep =
  | { do: 'nothing'; why: 'disabled' | 'no-feed' | 'in-call' | 'up-to-date' | 'waiting-for-quit' | 'waiting-for-window' }
  | { do: 'check' }
  | { do: 'download' }
  | { do: 'install-now' };

/** The one thing to do now. A check is only network metadata, but it too waits for the call to end. */
export function nextUpdateStep(situation: UpdateSituation): UpdateStep {
  if (!situation.policy.updatesEnabled) return { do: 'nothing', why: 'disabled' };
  if (!situation.policy.updateUrl) return { do: 'nothing', why: 'no-feed' };
  if (situation.inCall) return { do: 'nothing', why: 'in-call' };
  if (situation.downloaded) {
    if (!situation.maintenanceWindow) return { do: 'nothing', why: 'waiting-for-quit' };
    return isInMaintenanceWindow(situation.maintenanceWindow, situation.now) ? { do: 'install-now' } : { do: 'nothing', why: 'waiting-for-window' };
  }
  return situation.available ? { do: 'download' } : { do: 'check' };
}

/** On quit: install the downloaded update then (desktop) — a kiosk waits for its window instead. */
export function installOnQuit(situation: Pick<UpdateSituation, 'policy' | 'maintenanceWindow'>): boolean {
  return situation.policy.updatesEnabled && situation.policy.updateUrl !== null && situation.maintenanceWindow === null;
}

export type RestartNowAnswer = 'restart' | 'in-call' | 'not-ready';

/** "Restart now" on the update banner: never during a call (the update then installs on quit), and only once downloaded. */
export function restartNowAnswer(situation: Pick<UpdateSituation, 'inCall' | 'downloaded'>): RestartNowAnswer {
  if (!situation.downloaded) return 'not-ready';
  return situation.inCall ? 'in-call' : 'restart';
}
