/**
 * The screen-share picker's side in main, shared by both hosts. In Electron, main answers the page's getDisplayMedia
 * itself (`captures: 'host'`): the display-media handler calls `onCapture`, the page is asked to show our picker, and the
 * source the person picks is what gets captured. In the web host the browser answers getDisplayMedia
 * (`captures: 'page'`): the page opens the request with `request()` before capturing, so the same picker runs here too.
 * The sources (window titles, thumbnails) are listed only for the request that is open, never on a page's whim.
 */
import type { CaptureCapabilities, PickerSource } from '../../common/screen-share';
import { ApiError } from '../ipc/api-error';
import { DisplayRequests, type CaptureAnswer, type CancelReason, type ShareChoice } from './display-requests';
import { pickerSources, type CaptureSource } from './source-picker';

export interface PickRequest {
  requestId: string;
  capabilities: CaptureCapabilities;
}

export interface ScreenShareHost {
  captures: 'host' | 'page';
  capabilities: CaptureCapabilities;
  listSources(): Promise<CaptureSource[]>;
  /** Asks the page to show the picker for this request. */
  emitPick(request: PickRequest): void;
  /** Our own windows (meeting window, sharing bar), which the picker leaves out. */
  ownWindowIds?(): ReadonlySet<string>;
}

/** The answer Electron's display-media callback needs: the chosen source with its name, or nothing. */
export type HostCaptureAnswer = { kind: 'source'; source: CaptureSource; choice: ShareChoice } | { kind: 'cancelled'; reason: CancelReason };

export class ScreenShareService {
  readonly #requests = new DisplayRequests();
  /** The sources last listed for the open request: what a choice may name. */
  #offered = new Map<string, CaptureSource>();

  constructor(private readonly host: ScreenShareHost) {}

  get capabilities(): CaptureCapabilities {
    return this.host.capabilities;
  }

  /** Electron: the page called getDisplayMedia. `answer` is called exactly once. */
  onCapture(answer: (answer: HostCaptureAnswer) => void): void {
    this.#open((result) => {
      if (result.kind === 'cancelled') return answer(result);
      const source = this.#offered.get(result.choice.sourceId);
      answer(source ? { kind: 'source', source, choice: result.choice } : { kind: 'cancelled', reason: 'unknown-source' });
    });
  }

  /** Web host: the page is about to call getDisplayMedia and wants the picker first. */
  request(): PickRequest {
    if (this.host.captures === 'host') {
      throw new ApiError('unavailable', 'Here the picker opens when the page asks to capture the screen (getDisplayMedia).');
    }
    const opened = this.#open(() => undefined);
    if (!opened) throw new ApiError('unavailable', 'A screen-share picker is already open.');
    return opened;
  }

  async sources(requestId: string): Promise<{ sources: PickerSource[]; capabilities: CaptureCapabilities }> {
    this.#mustBeOpen(requestId);
    const listed = await this.host.listSources();
    // The person may have cancelled while the OS listed windows.
    this.#mustBeOpen(requestId);
    this.#offered = new Map(listed.map((source) => [source.id, source]));
    return { sources: pickerSources(listed, this.host.ownWindowIds?.() ?? new Set()), capabilities: this.host.capabilities };
  }

  choose(requestId: string, choice: ShareChoice): void {
    const honoured: ShareChoice = { ...choice, shareAudio: choice.shareAudio && this.host.capabilities.loopbackAudio };
    if (!this.#requests.choose(requestId, honoured, (id) => this.#offered.has(id))) this.#gone();
  }

  cancel(requestId: string): void {
    this.#requests.cancel(requestId);
  }

  /** The window closed or the call ended: a request still open is refused. */
  cancelAll(reason: 'window-closed' | 'call-ended'): void {
    this.#requests.cancelAll(reason);
  }

  #open(answer: (answer: CaptureAnswer) => void): PickRequest | null {
    const opened = this.#requests.open((result) => {
      answer(result);
      // A refused second request must not touch the sources offered to the open one.
      if (result.kind === 'source' || result.reason !== 'superseded') this.#offered = new Map();
    });
    if (!opened.ok) return null;
    const pick = { requestId: opened.request.id, capabilities: this.host.capabilities };
    this.host.emitPick(pick);
    return pick;
  }

  #mustBeOpen(requestId: string): void {
    if (!this.#requests.isPending(requestId)) this.#gone();
  }

  #gone(): never {
    throw new ApiError('not-found', 'That screen-share request is no longer open.');
  }
}
