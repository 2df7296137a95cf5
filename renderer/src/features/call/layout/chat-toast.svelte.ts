/**
 * The chat toast: a short preview of a message that arrives while the chat panel is closed, hidden again after a
 * while (not while the pointer or focus is on it, so nobody loses it mid-read). The message itself stays in the chat.
 */
import type { ChatEntry } from '../chat.svelte';

/** Characters of a message the toast shows; the rest is in the chat panel. */
export const PREVIEW_LENGTH = 120;
export const TOAST_MS = 6000;

export interface ToastMessage {
  from: string;
  preview: string;
}

/** One line of at most PREVIEW_LENGTH characters (code points: never half an emoji), "…" when it was cut. */
export function previewOf(text: string): string {
  const line = [...text.replace(/\s+/g, ' ').trim()];
  return line.length > PREVIEW_LENGTH ? `${line.slice(0, PREVIEW_LENGTH - 1).join('')}…` : line.join('');
}

export class ChatToast {
  current = $state<ToastMessage | null>(null);
  #timer: ReturnType<typeof setTimeout> | undefined;
  #held = false;

  /** A message arrived: shown unless it is ours or the chat is on screen anyway. */
  offer(entry: ChatEntry, chatVisible: boolean): void {
    if (entry.mine || chatVisible) return;
    this.current = { from: entry.from, preview: previewOf(entry.text) };
    this.#schedule();
  }

  /** Pointer or focus on the toast: it stays until they leave. */
  hold(held: boolean): void {
    this.#held = held;
    if (held) clearTimeout(this.#timer);
    else if (this.current) this.#schedule();
  }

  dismiss(): void {
    clearTimeout(this.#timer);
    this.current = null;
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    if (!this.#held) this.#timer = setTimeout(() => this.dismiss(), TOAST_MS);
  }
}
