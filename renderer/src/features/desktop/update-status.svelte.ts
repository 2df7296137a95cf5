/**
 * The update banner's state: where main's automatic update stands (asked when the banner appears, then pushed as the
 * update:status event) and "Restart now", which main answers by its update policy (never during a call). Only the
 * installed Electron app ever reports an update; the web host is always idle, so the banner never shows there.
 */
import type { UpdateStatus } from '../../../../common/api-contract';
import type { HostApi } from '../../platform/api';

export type UpdateBanner = { kind: 'none' } | { kind: 'downloading'; version: string } | { kind: 'ready'; version: string };

/** What the banner says: a download is only mentioned once its version is known. */
export function updateBanner(status: UpdateStatus): UpdateBanner {
  if (status.state === 'idle' || status.version === '') return { kind: 'none' };
  return { kind: status.state, version: status.version };
}

export class UpdateStatusState {
  status = $state<UpdateStatus>({ state: 'idle' });
  restarting = $state(false);
  /** "Restart now" was refused or failed: the update still installs when the app quits. */
  restartFailed = $state(false);
  readonly banner = $derived(updateBanner(this.status));
  readonly #host: HostApi;

  constructor(host: HostApi) {
    this.#host = host;
  }

  /** Listens for changes and asks where the update stands now; returns the unsubscribe function. */
  listen(): () => void {
    const stop = this.#host.on('update:status', (status) => (this.status = status));
    this.#host
      .call('update:status')
      .then((status) => (this.status = status))
      .catch((error: unknown) => console.warn('Could not ask the host about updates', error));
    return stop;
  }

  async restartNow(): Promise<void> {
    if (this.restarting) return;
    this.restarting = true;
    this.restartFailed = false;
    try {
      // Main quits and installs; this page goes away with it.
      await this.#host.call('update:restartNow');
    } catch (error) {
      console.warn('Restart into the update was refused', error);
      this.restartFailed = true;
      this.restarting = false;
    }
  }
}
