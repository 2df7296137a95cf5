/** Chat history of one call. Messages arrive over Licode data streams; our own are added locally (no echo). */
import { CHAT_MAX_LENGTH } from './chat-message';

export interface ChatEntry {
  id: string;
  from: string;
  mine: boolean;
  text: string;
  at: Date;
}

const MAX_HISTORY = 500;

export class ChatLog {
  entries = $state<ChatEntry[]>([]);
  unread = $state(0);
  /** Whether the panel is on screen (unread only counts while it is not). */
  visible = $state(false);
  readonly #seen = new Set<string>();

  add(entry: ChatEntry): boolean {
    const key = `${entry.from}/${entry.id}`;
    if (this.#seen.has(key)) return false; // resent after a reconnection
    this.#seen.add(key);
    this.entries = [...this.entries.slice(-(MAX_HISTORY - 1)), entry];
    if (!entry.mine && !this.visible) this.unread += 1;
    return true;
  }

  show(visible: boolean): void {
    this.visible = visible;
    if (visible) this.unread = 0;
  }

  static clip(text: string): string {
    return text.trim().slice(0, CHAT_MAX_LENGTH);
  }
}
