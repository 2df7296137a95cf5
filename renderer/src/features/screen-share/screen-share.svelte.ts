/**
 * The presenter's screen share: capture through our picker, publish as a separate Licode stream (screen: true, one
 * full-resolution layer, its own bandwidth), switch source without tearing the stream down, pause and resume, and stop
 * cleanly when the source goes away. The camera keeps publishing beside it; CallSession only starts and stops it.
 */
import { SHARE_SETTINGS, type ShareOptimisation } from '../../../../common/screen-share';
import type { Publication, Room } from '../../licode/index';
import type { HostApi } from '../../platform/api';
import { parkedPublication } from '../call/publish-notice';
import type { SharePicker, ShareChoice } from './share-picker.svelte';

export type ShareRoom = Pick<Room, 'publish' | 'unpublish' | 'replaceTrack' | 'mute'>;

export type ShareEvent =
  | { kind: 'started' }
  | { kind: 'stopped'; reason: 'user' | 'source-ended' | 'left' }
  | { kind: 'paused' }
  | { kind: 'resumed' }
  | { kind: 'switched' }
  | { kind: 'failed'; details: string };

export interface ScreenShareOptions {
  host: Pick<HostApi, 'call'> & { readonly host: 'electron' | 'web' };
  picker: SharePicker;
  room(): ShareRoom | null;
  displayName(): string;
  onEvent(event: ShareEvent): void;
  /** getDisplayMedia; replaceable in unit tests. */
  capture?(constraints: DisplayMediaStreamOptions): Promise<MediaStream>;
}

/** What a capture gave: the stream and how the person asked it to be optimised. */
interface Captured {
  stream: MediaStream;
  optimiseFor: ShareOptimisation;
}

export class ScreenShare {
  stream = $state.raw<MediaStream | null>(null);
  paused = $state(false);
  optimiseFor = $state<ShareOptimisation>('text');
  /** A start or switch is waiting for the picker or the capture. */
  busy = $state(false);

  #publication: Publication | null = null;
  /** Earlier captures of the source being shared (see switchSource), stopped with the share. */
  #retained: MediaStream[] = [];
  #onEnded = (): void => void this.stop('source-ended');

  constructor(private readonly options: ScreenShareOptions) {}

  get active(): boolean {
    return this.stream !== null;
  }

  get publication(): Publication | null {
    return this.#publication;
  }

  async start(): Promise<void> {
    const room = this.options.room();
    if (!room || this.active || this.busy) return;
    this.busy = true;
    try {
      const captured = await this.#capture();
      if (!captured) return;
      const { stream, optimiseFor } = captured;
      this.#adopt(stream, optimiseFor);
      try {
        this.#publication = await room.publish(stream, {
          screen: true,
          // Licode sends attribute updates (the mute state: "paused") only to data subscribers of the stream.
          data: true,
          maxVideoBW: SHARE_SETTINGS[optimiseFor].maxVideoBW,
          attributes: { name: this.options.displayName(), screen: true },
        });
        this.options.onEvent({ kind: 'started' });
      } catch (error) {
        // A share that could not be published is not kept for a later rejoin: the publication the library parked
        // for one is withdrawn and the capture stops now.
        const parked = parkedPublication(error);
        if (parked) await room.unpublish(parked).catch(() => undefined);
        this.#release();
        this.options.onEvent({ kind: 'failed', details: messageOf(error) });
      }
    } finally {
      this.busy = false;
    }
  }

  /** Shares another screen or window in the same Licode stream: receivers keep the tile, only the picture changes. */
  async switchSource(): Promise<void> {
    const room = this.options.room();
    const publication = this.#publication;
    if (!room || !publication || this.busy) return;
    this.busy = true;
    try {
      const captured = await this.#capture();
      if (!captured) return;
      const track = captured.stream.getVideoTracks()[0];
      if (!track) return;
      try {
        await room.replaceTrack(publication, track);
      } catch (error) {
        captured.stream.getTracks().forEach((t) => t.stop());
        this.options.onEvent({ kind: 'failed', details: messageOf(error) });
        return;
      }
      const previous = this.stream;
      const previousTrack = previous?.getVideoTracks()[0];
      previousTrack?.removeEventListener('ended', this.#onEnded);
      this.#adopt(captured.stream, captured.optimiseFor);
      // The same source picked again: Chromium ends every track of one capture source when any of them stops
      // (measured with its fake display), so the old capture is kept, silent, until the share ends.
      const source = previousTrack?.getSettings().deviceId;
      if (previous && source !== undefined && source === track.getSettings().deviceId) this.#retained.push(previous);
      else previous?.getTracks().forEach((t) => t.stop());
      if (this.paused) track.enabled = false;
      this.options.onEvent({ kind: 'switched' });
    } finally {
      this.busy = false;
    }
  }

  async togglePause(): Promise<void> {
    const room = this.options.room();
    const publication = this.#publication;
    if (!room || !publication) return;
    const paused = !this.paused;
    this.paused = paused;
    // Licode's mute: the track sends nothing and receivers learn it from the stream's mute state.
    await room.mute(publication, { video: paused }).catch(() => undefined);
    for (const track of this.stream?.getVideoTracks() ?? []) track.enabled = !paused;
    this.options.onEvent({ kind: paused ? 'paused' : 'resumed' });
  }

  async stop(reason: 'user' | 'source-ended' | 'left' = 'user'): Promise<void> {
    if (!this.active) return;
    const publication = this.#publication;
    this.#release();
    const room = this.options.room();
    if (publication && room) await room.unpublish(publication).catch(() => undefined);
    this.options.onEvent({ kind: 'stopped', reason });
  }

  async #capture(): Promise<Captured | null> {
    const capture = this.options.capture ?? ((c) => navigator.mediaDevices.getDisplayMedia(c));
    const { host, picker } = this.options;
    let choice: ShareChoice | null;
    let stream: MediaStream;
    try {
      if (host.host === 'web') {
        // The browser answers getDisplayMedia itself, so our picker runs first and the capture follows the choice.
        // The request's answer opens the picker in this page only (other tabs of the web host are other people).
        const next = picker.nextChoice();
        const pick = await host.call('display:request');
        void picker.show(pick.requestId, pick.capabilities);
        choice = await next;
        if (!choice) return null;
        stream = await capture(constraintsFor(choice.optimiseFor, choice.shareAudio));
      } else {
        // Electron: getDisplayMedia itself opens our picker (main's display-media handler) and gets the chosen source.
        // On Wayland the system portal asks instead and there is no choice of ours (text is the default then).
        picker.lastChoice = null;
        stream = await capture(constraintsFor('text', true));
        choice = picker.lastChoice;
      }
    } catch (error) {
      // Cancelling a picker is not an error worth a notice.
      if (error instanceof DOMException && error.name === 'NotAllowedError') return null;
      this.options.onEvent({ kind: 'failed', details: messageOf(error) });
      return null;
    }
    const optimiseFor = choice?.optimiseFor ?? 'text';
    await tune(stream, optimiseFor);
    return { stream, optimiseFor };
  }

  #adopt(stream: MediaStream, optimiseFor: ShareOptimisation): void {
    this.stream = stream;
    this.optimiseFor = optimiseFor;
    stream.getVideoTracks()[0]?.addEventListener('ended', this.#onEnded, { once: true });
  }

  #release(): void {
    const stream = this.stream;
    stream?.getVideoTracks()[0]?.removeEventListener('ended', this.#onEnded);
    stream?.getTracks().forEach((track) => track.stop());
    for (const retained of this.#retained) retained.getTracks().forEach((track) => track.stop());
    this.#retained = [];
    this.stream = null;
    this.#publication = null;
    this.paused = false;
  }
}

/** No size constraint: the share goes out at the source's own resolution (text stays sharp). */
export function constraintsFor(optimiseFor: ShareOptimisation, audio: boolean): DisplayMediaStreamOptions {
  return { video: { frameRate: SHARE_SETTINGS[optimiseFor].frameRate }, audio };
}

async function tune(stream: MediaStream, optimiseFor: ShareOptimisation): Promise<void> {
  const settings = SHARE_SETTINGS[optimiseFor];
  for (const track of stream.getVideoTracks()) {
    track.contentHint = settings.contentHint;
    await track.applyConstraints({ frameRate: settings.frameRate }).catch(() => undefined);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
