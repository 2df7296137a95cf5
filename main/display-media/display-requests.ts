/**
 * Screen-share requests waiting for the person to pick a source in our picker. Electron's display-media handler opens
 * one when the page calls getDisplayMedia and holds its callback (the way Element Desktop does); the web host opens one
 * when the page asks before calling getDisplayMedia itself (the browser's capture answers there). Either way the page
 * learns the sources only while a request it opened is pending, and the capture gets exactly the source chosen —
 * never "the first screen". Electron-free, so every path is unit-tested.
 */

import type { ShareOptimisation } from '../../common/screen-share';

export interface ShareChoice {
  sourceId: string;
  /** Loopback ("computer sound"); only honoured where the platform can capture it. */
  shareAudio: boolean;
  optimiseFor: ShareOptimisation;
}

/** What the capture answers: a chosen source, or nothing (the page's getDisplayMedia then fails with NotAllowedError). */
export type CaptureAnswer = { kind: 'source'; choice: ShareChoice } | { kind: 'cancelled'; reason: CancelReason };

export type CancelReason = 'cancelled' | 'window-closed' | 'call-ended' | 'superseded' | 'unknown-source';

export interface PendingRequest {
  readonly id: string;
  readonly openedAt: number;
}

interface Entry extends PendingRequest {
  answer: (answer: CaptureAnswer) => void;
}

export type OpenResult = { ok: true; request: PendingRequest } | { ok: false; reason: 'busy' };

export class DisplayRequests {
  #pending: Entry | null = null;
  #next = 1;

  constructor(private readonly now: () => number = Date.now) {}

  get pending(): PendingRequest | null {
    return this.#pending ? { id: this.#pending.id, openedAt: this.#pending.openedAt } : null;
  }

  /**
   * Opens a request whose answer goes to `answer` (Electron: the display-media callback; web host: a no-op, the page
   * captures itself). A second request while one is open is refused and answered at once: two pickers at once would
   * let the second silently take the first one's choice.
   */
  open(answer: (answer: CaptureAnswer) => void): OpenResult {
    if (this.#pending) {
      answer({ kind: 'cancelled', reason: 'superseded' });
      return { ok: false, reason: 'busy' };
    }
    const entry: Entry = { id: `share-${this.#next++}`, openedAt: this.now(), answer };
    this.#pending = entry;
    return { ok: true, request: { id: entry.id, openedAt: entry.openedAt } };
  }

  /** True when `id` is the request still waiting for a choice (the only one whose sources the page may list). */
  isPending(id: string): boolean {
    return this.#pending?.id === id;
  }

  /** The person chose a source; `known` says whether it is one we offered. Returns false for a request no longer open. */
  choose(id: string, choice: ShareChoice, known: (sourceId: string) => boolean): boolean {
    const entry = this.#take(id);
    if (!entry) return false;
    entry.answer(known(choice.sourceId) ? { kind: 'source', choice } : { kind: 'cancelled', reason: 'unknown-source' });
    return true;
  }

  cancel(id: string, reason: CancelReason = 'cancelled'): boolean {
    const entry = this.#take(id);
    entry?.answer({ kind: 'cancelled', reason });
    return entry !== null;
  }

  /** The window closed or the call ended with a request still open: the capture is refused, never left hanging. */
  cancelAll(reason: Extract<CancelReason, 'window-closed' | 'call-ended'>): void {
    if (this.#pending) this.cancel(this.#pending.id, reason);
  }

  #take(id: string): Entry | null {
    const entry = this.#pending;
    if (!entry || entry.id !== id) return null;
    this.#pending = null;
    return entry;
  }
}
