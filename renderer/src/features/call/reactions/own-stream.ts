import type { MessageKey } from '../../../i18n/i18n.svelte';

/** What hands and reactions need of our own camera publication (CallSession provides it while there is one). */
export interface OwnStream {
  readonly attributes: Readonly<Record<string, unknown>>;
  setAttributes(attributes: Record<string, unknown>): Promise<void>;
  sendData(message: unknown): Promise<void>;
}

export interface SignalsContext {
  /** The tile key of our own camera tile. */
  ownKey: string;
  /** Our camera publication, or null while there is none (joining, viewer role, a failed publish). */
  own: () => OwnStream | null;
  /** A polite screen-reader announcement. */
  announce: (message: string) => void;
  /** A problem the user should see (the call's notice banner). */
  notify: (key: MessageKey, params?: Record<string, string>) => void;
}
