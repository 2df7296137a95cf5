/**
 * The presenter's view around a running share, as the desktop shows it. Main hears the share's state (share:state):
 * in Electron it opens the floating sharing bar window, whose Pause/Resume/Stop come back as share:control. The
 * compact view (the active speaker and the controls, always on top) is asked of main with window:presenterMode: in
 * Electron the window shrinks and floats, in the web host only the page changes. The compact view ends with the share.
 */
import type { ShareControlAction } from '../../../../common/screen-share';
import type { HostApi } from '../../platform/api';
import type { ScreenShare } from './screen-share.svelte';

export type PresentedShare = Pick<ScreenShare, 'active' | 'paused' | 'togglePause' | 'stop'>;

export class PresenterView {
  compact = $state(false);

  constructor(
    private readonly host: Pick<HostApi, 'call' | 'on'>,
    private readonly share: PresentedShare,
  ) {}

  /** What main hears of the share (share:state). */
  get report(): { sharing: boolean; paused: boolean } {
    return { sharing: this.share.active, paused: this.share.paused };
  }

  /**
   * Reports the share and obeys the sharing bar until the returned function is called (the call screen closes). The
   * wiring only: what it does is in the methods below (the e2e specs drive it through the web host).
   */
  attach(): () => void {
    return $effect.root(() => {
      $effect(() => void this.#tell(this.report));
      $effect(() => this.host.on('share:control', ({ action }) => void this.obey(action)));
      $effect(() => {
        if (!this.share.active) void this.setCompact(false);
      });
      return () => void this.detached();
    });
  }

  /** The call screen is gone, and its share with it: no bar, and the window back to its full view. */
  async detached(): Promise<void> {
    await Promise.all([this.#tell({ sharing: false, paused: false }), this.setCompact(false)]);
  }

  /** Only while sharing: the compact view shows the share's controls. */
  async setCompact(compact: boolean): Promise<void> {
    if (compact === this.compact || (compact && !this.share.active)) return;
    this.compact = compact;
    await this.host
      .call('window:presenterMode', { compact })
      .catch((error: unknown) => console.warn('Could not change the window for the presenter view', error));
  }

  /** The sharing bar's Pause, Resume or Stop. */
  async obey(action: ShareControlAction): Promise<void> {
    if (!this.share.active) return;
    if (action === 'stop') return this.share.stop('user');
    // Pause and Resume say what the bar showed: a click that crossed a change made elsewhere does not flip it back.
    if ((action === 'pause') !== this.share.paused) await this.share.togglePause();
  }

  #tell(report: { sharing: boolean; paused: boolean }): Promise<unknown> {
    return this.host.call('share:state', report).catch((error: unknown) => console.warn('Could not tell the host about the screen share', error));
  }
}
