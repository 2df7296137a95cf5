/**
 * What the page may know and ask about updates (update:status, update:restartNow): where the update stands, and
 * "Restart now" — which main answers by the update policy, never during a call.
 */
import type { UpdateStatus } from '../../common/api-contract';
import type { RestartNowAnswer } from './update-policy';

export interface UpdateControl {
  status(): UpdateStatus;
  /** Quits and installs when the policy allows it ('restart'); otherwise says why not and does nothing. */
  restartNow(): RestartNowAnswer;
}

/** The web host, a development run, or updates turned off: never an update to show. */
export const NO_UPDATES: UpdateControl = {
  status: () => ({ state: 'idle' }),
  restartNow: () => 'not-ready',
};
