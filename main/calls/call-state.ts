/**
 * Whether the person is in a call (and muted), as the renderer reports it on call:state. Main's desktop behaviour
 * follows it: updates wait, the display stays awake, closing asks first, the tray shows the mute state.
 */
import type { CallStateReport } from '../../common/api-contract';

type Listener = (state: CallStateReport) => void;

export class CallState {
  #state: CallStateReport = { inCall: false, muted: false };
  readonly #listeners = new Set<Listener>();

  get(): CallStateReport {
    return this.#state;
  }

  set(next: CallStateReport): void {
    if (next.inCall === this.#state.inCall && next.muted === this.#state.muted) return;
    this.#state = { ...next };
    for (const listener of this.#listeners) listener(this.#state);
  }

  /** Returns the unsubscribe function. */
  onChange(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
