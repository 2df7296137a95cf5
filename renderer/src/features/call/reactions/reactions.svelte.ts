/** Reactions of one call: the picker's state, ours sent as data messages, everyone's floating over their tile. */
import { t, type MessageKey } from '../../../i18n/i18n.svelte';
import { SenderRateLimit } from './rate-limit';
import { reactionMessage, readReactionMessage, type ReactionEmoji } from './reaction-message';
import type { SignalsContext } from './own-stream';

/** How long a reaction floats over its tile. */
export const REACTION_SHOWN_MS = 3_000;
/** Per sender: a burst of clicks shows, a flood does not (rate-limit.ts). */
const MAX_PER_WINDOW = 5;

export const REACTION_NAMES = {
  '👍': 'reactions.emoji.thumbsUp',
  '❤️': 'reactions.emoji.heart',
  '😂': 'reactions.emoji.laugh',
  '😮': 'reactions.emoji.surprised',
  '👏': 'reactions.emoji.clap',
  '🎉': 'reactions.emoji.celebrate',
} as const satisfies Record<ReactionEmoji, MessageKey>;

export interface FloatingReaction {
  id: number;
  emoji: ReactionEmoji;
}

export class Reactions {
  /** Whether the picker is open (its button and the R shortcut both toggle it). */
  pickerOpen = $state(false);
  /** Tile key → the reactions floating over it now. Replaced whole on change. */
  #floating = $state.raw<ReadonlyMap<string, readonly FloatingReaction[]>>(new Map());
  readonly #context: SignalsContext;
  readonly #limit = new SenderRateLimit(MAX_PER_WINDOW, REACTION_SHOWN_MS);
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  #nextId = 0;

  constructor(context: SignalsContext) {
    this.#context = context;
  }

  on(key: string): readonly FloatingReaction[] {
    return this.#floating.get(key) ?? [];
  }

  /** Sends a reaction to everyone and shows it over our own tile (Licode does not echo data to its sender). */
  async send(emoji: ReactionEmoji): Promise<boolean> {
    const own = this.#context.own();
    if (!own) {
      this.#context.notify('reactions.notice.unavailable');
      return false;
    }
    if (!this.#limit.allow(this.#context.ownKey, Date.now())) return false; // clicking faster shows no more to others either
    this.#show(this.#context.ownKey, emoji);
    try {
      await own.sendData(reactionMessage(emoji));
      return true;
    } catch (error) {
      this.#context.notify('reactions.notice.failed', { details: error instanceof Error ? error.message : String(error) });
      return false;
    }
  }

  /**
   * A data message from the stream of tile `key` (the sender is who owns the stream, never what the message says).
   * Returns whether it was a reaction that is shown; anything else, or one over the sender's rate, is ignored.
   */
  receive(key: string, message: unknown, name: string, now = Date.now()): boolean {
    const reaction = readReactionMessage(message);
    if (!reaction || !this.#limit.allow(key, now)) return false;
    this.#show(key, reaction.emoji);
    this.#context.announce(t('reactions.announce', { name, reaction: t(REACTION_NAMES[reaction.emoji]) }));
    return true;
  }

  remove(key: string): void {
    this.#limit.forget(key);
    if (!this.#floating.has(key)) return;
    const next = new Map(this.#floating);
    next.delete(key);
    this.#floating = next;
  }

  clear(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#limit.clear();
    this.#floating = new Map();
    this.pickerOpen = false;
  }

  #show(key: string, emoji: ReactionEmoji): void {
    const reaction = { id: ++this.#nextId, emoji };
    this.#floating = new Map(this.#floating).set(key, [...this.on(key), reaction]);
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      const left = this.on(key).filter((r) => r !== reaction);
      const next = new Map(this.#floating);
      if (left.length > 0) next.set(key, left);
      else next.delete(key);
      this.#floating = next;
    }, REACTION_SHOWN_MS);
    this.#timers.add(timer);
  }
}
