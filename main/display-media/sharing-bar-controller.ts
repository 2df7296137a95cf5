/**
 * When the presenter's sharing bar window exists, where it sits and what it says (Electron). The page reports its
 * share (share:state); the bar opens while a share runs, follows pause/resume, and closes when the share stops or the
 * page goes away. It sits at the top centre of the display being shared (the primary display when a window is shared
 * or main does not know the source), and names the source main captured. Its buttons go back to the page as
 * share:control. Electron-free: main/electron/sharing-bar-window.ts opens the real window.
 */
import type { Language, ShareStateReport } from '../../common/api-contract';
import type { ShareControlAction } from '../../common/screen-share';
import type { SharingBarState } from '../../common/sharing-bar-api';
import { sharingBarBounds, type Rectangle } from './sharing-bar';
import { cleanSourceName } from './source-picker';

/** The source main handed to the page's capture (desktopCapturer's name and display id; '' for windows). */
export interface SharedSource {
  name: string;
  displayId: string;
}

export interface SharingBarWindowHandle {
  setState(state: SharingBarState): void;
  setBounds(bounds: Rectangle): void;
  close(): void;
}

export interface SharingBarHost {
  /** Opens the bar window without focusing it; `onClosed` fires when it is gone, whoever closed it. */
  open(bounds: Rectangle, state: SharingBarState, onClosed: () => void): SharingBarWindowHandle;
  /** The work area of the display with this id, or of the primary display (null or an unplugged display). */
  workArea(displayId: string | null): Rectangle;
  language(): Language;
  /** Sends Pause/Resume/Stop to the meeting page. */
  sendToPage(action: ShareControlAction): void;
}

export class SharingBarController {
  #bar: SharingBarWindowHandle | null = null;
  #source: SharedSource | null = null;
  #report: ShareStateReport = { sharing: false, paused: false };

  constructor(private readonly host: SharingBarHost) {}

  get isOpen(): boolean {
    return this.#bar !== null;
  }

  /** Main answered a capture with this source (a start or a switch): the bar names it and moves to its display. */
  captured(source: SharedSource): void {
    this.#source = source;
    this.#bar?.setBounds(this.#bounds());
    this.#bar?.setState(this.#state());
  }

  /** The page's report of its share. */
  report(report: ShareStateReport): void {
    this.#report = report;
    if (!report.sharing) return this.#close();
    if (this.#bar) return this.#bar.setState(this.#state());
    const bar = this.host.open(this.#bounds(), this.#state(), () => {
      if (this.#bar === bar) this.#bar = null;
    });
    this.#bar = bar;
  }

  /** A click on the bar: forwarded only while a share runs (a late click on a closing bar changes nothing). */
  control(action: ShareControlAction): boolean {
    if (!this.#report.sharing || !this.#bar) return false;
    this.host.sendToPage(action);
    return true;
  }

  /** The language changed: the open bar follows. */
  languageChanged(): void {
    this.#bar?.setState(this.#state());
  }

  /** The meeting page closed, crashed or reloaded: its share is gone, so is the bar. */
  pageGone(): void {
    this.#source = null;
    this.report({ sharing: false, paused: false });
  }

  #close(): void {
    const bar = this.#bar;
    this.#bar = null;
    bar?.close();
  }

  #bounds(): Rectangle {
    const displayId = this.#source?.displayId;
    return sharingBarBounds(this.host.workArea(displayId ? displayId : null));
  }

  #state(): SharingBarState {
    const name = this.#source ? cleanSourceName(this.#source.name) : '';
    return { sourceName: name || null, paused: this.#report.paused, language: this.host.language() };
  }
}
