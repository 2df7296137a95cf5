/**
 * Our screen-share picker's state. Main opens a request (Electron: when the page calls getDisplayMedia; web host: when
 * the page asks first) and sends `display:pick`; the picker lists that request's sources, refreshes their thumbnails
 * while it is open, and answers with the person's choice or a cancel. Exactly one answer per request.
 */
import type { CaptureCapabilities, PickerSource, ShareOptimisation } from '../../../../common/screen-share';
import type { HostApi } from '../../platform/api';

export interface ShareChoice {
  sourceId: string;
  shareAudio: boolean;
  optimiseFor: ShareOptimisation;
}

/** Thumbnails are listed again this often while the picker is open, so they follow what the windows show. */
export const THUMBNAIL_REFRESH_MS = 3000;

export class SharePicker {
  requestId = $state<string | null>(null);
  sources = $state.raw<PickerSource[]>([]);
  capabilities = $state.raw<CaptureCapabilities>({ picker: 'in-app', loopbackAudio: false });
  selectedId = $state<string | null>(null);
  shareAudio = $state(false);
  optimiseFor = $state<ShareOptimisation>('text');
  loading = $state(false);
  failed = $state(false);
  /** The last choice made, for the capture that follows it. */
  lastChoice = $state.raw<ShareChoice | null>(null);

  #refresh: ReturnType<typeof setInterval> | null = null;
  #waiters: Array<(choice: ShareChoice | null) => void> = [];

  constructor(private readonly host: Pick<HostApi, 'call' | 'on'>) {}

  get open(): boolean {
    return this.requestId !== null;
  }

  /** Starts listening for main's requests; returns the unsubscribe. */
  listen(): () => void {
    const off = this.host.on('display:pick', ({ requestId, capabilities }) => void this.show(requestId, capabilities));
    return () => {
      off();
      this.#close();
    };
  }

  /** Resolves with the next choice, or null when the next request is cancelled. */
  nextChoice(): Promise<ShareChoice | null> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  async choose(): Promise<void> {
    const requestId = this.requestId;
    const sourceId = this.selectedId;
    if (!requestId || !sourceId) return;
    const choice: ShareChoice = { sourceId, shareAudio: this.shareAudio && this.capabilities.loopbackAudio, optimiseFor: this.optimiseFor };
    this.lastChoice = choice;
    this.#close();
    this.#settle(choice);
    try {
      await this.host.call('display:choose', { requestId, ...choice });
    } catch {
      // The request was already gone (window closing, call ended): the capture fails on its own and says so.
    }
  }

  async cancel(): Promise<void> {
    const requestId = this.requestId;
    if (!requestId) return;
    this.#close();
    this.#settle(null);
    await this.host.call('display:cancel', { requestId }).catch(() => undefined);
  }

  /** Shows the picker for a request main opened (its `display:pick` event, or the answer to `display:request`). */
  async show(requestId: string, capabilities: CaptureCapabilities): Promise<void> {
    if (this.requestId && this.requestId !== requestId) await this.cancel();
    this.requestId = requestId;
    this.capabilities = capabilities;
    this.sources = [];
    this.selectedId = null;
    this.failed = false;
    this.loading = true;
    await this.#load(requestId);
    this.loading = false;
    this.#refresh = setInterval(() => void this.#load(requestId), THUMBNAIL_REFRESH_MS);
  }

  async #load(requestId: string): Promise<void> {
    try {
      const { sources } = await this.host.call('display:sources', { requestId });
      if (this.requestId !== requestId) return;
      this.sources = sources;
      // Keep the selection across refreshes; a source that went away (window closed) drops it.
      if (!this.selectedId || !sources.some((s) => s.id === this.selectedId)) this.selectedId = sources[0]?.id ?? null;
    } catch {
      if (this.requestId === requestId) this.failed = this.sources.length === 0;
    }
  }

  #close(): void {
    if (this.#refresh) clearInterval(this.#refresh);
    this.#refresh = null;
    this.requestId = null;
  }

  #settle(choice: ShareChoice | null): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const resolve of waiters) resolve(choice);
  }
}
