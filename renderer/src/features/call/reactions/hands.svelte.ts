/** Raised hands of one call: ours (sent as a stream attribute, raised-hand.ts) and everyone else's, as a queue. */
import { t } from '../../../i18n/i18n.svelte';
import { raisedAt, withHand } from './raised-hand';
import type { SignalsContext } from './own-stream';

export class RaisedHands {
  /** Tile key → when the hand went up. Replaced whole on every change: a handful of entries, read by several views. */
  #raised = $state.raw<ReadonlyMap<string, number>>(new Map());
  readonly #context: SignalsContext;

  constructor(context: SignalsContext) {
    this.#context = context;
  }

  get mine(): boolean {
    return this.#raised.has(this.#context.ownKey);
  }

  isRaised(key: string): boolean {
    return this.#raised.has(key);
  }

  /** Tile keys with a raised hand, first raised first (ties in a stable order). */
  get queue(): string[] {
    return [...this.#raised].sort(([a, atA], [b, atB]) => atA - atB || (a < b ? -1 : a > b ? 1 : 0)).map(([key]) => key);
  }

  /** A remote stream appeared or changed its attributes; `announce` is false for the streams listed at join. */
  seen(key: string, attributes: Readonly<Record<string, unknown>>, name: string, announce: boolean, now = Date.now()): void {
    const at = raisedAt(attributes, now);
    const was = this.#raised.get(key);
    if (at === null) {
      if (was === undefined) return;
      this.#set(key, null);
      if (announce) this.#context.announce(t('hands.announce.lowered', { name }));
    } else if (was === undefined) {
      this.#set(key, at);
      if (announce) this.#context.announce(t('hands.announce.raised', { name }));
    }
    // Still raised: keep the place in the queue whatever the new attributes say (a name change re-sends them).
  }

  remove(key: string): void {
    if (this.#raised.has(key)) this.#set(key, null);
  }

  clear(): void {
    this.#raised = new Map();
  }

  /** Raises or lowers our hand for everyone; false (with a notice) when it could not be sent. */
  async toggle(now = Date.now()): Promise<boolean> {
    const raise = !this.mine;
    const own = this.#context.own();
    if (!own) {
      this.#context.notify('hands.notice.unavailable');
      return false;
    }
    const key = this.#context.ownKey;
    const previous = this.#raised.get(key) ?? null;
    this.#set(key, raise ? now : null);
    try {
      await own.setAttributes(withHand(own.attributes, raise ? now : null));
    } catch (error) {
      this.#set(key, previous); // as it was: the others never heard of it
      this.#context.notify('hands.notice.failed', { details: error instanceof Error ? error.message : String(error) });
      return false;
    }
    this.#context.announce(t(raise ? 'hands.announce.youRaised' : 'hands.announce.youLowered'));
    return true;
  }

  #set(key: string, at: number | null): void {
    const next = new Map(this.#raised);
    if (at === null) next.delete(key);
    else next.set(key, at);
    this.#raised = next;
  }
}
