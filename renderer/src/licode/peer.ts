import { LicodeError } from './errors';

export type PeerConnectionFactory = (config: RTCConfiguration) => RTCPeerConnection;

export const browserPeerConnectionFactory: PeerConnectionFactory = (config) => {
  if (typeof RTCPeerConnection === 'undefined') throw new LicodeError('media-failed', 'This environment has no RTCPeerConnection.');
  return new RTCPeerConnection(config);
};

/** Counts the peer connections this room created and has not closed yet (asserted by the end-to-end tests). */
export class PeerConnectionRegistry {
  #live = new Set<RTCPeerConnection>();

  constructor(
    private readonly factory: PeerConnectionFactory,
    private readonly config: () => RTCConfiguration,
  ) {}

  create(): RTCPeerConnection {
    const pc = this.factory(this.config());
    this.#live.add(pc);
    return pc;
  }

  close(pc: RTCPeerConnection): void {
    if (!this.#live.delete(pc)) return;
    try {
      pc.close();
    } catch {
      /* already closed */
    }
  }

  get size(): number {
    return this.#live.size;
  }

  closeAll(): void {
    for (const pc of [...this.#live]) this.close(pc);
  }
}

/** Calls `onFailed` when ICE fails, or stays disconnected for `graceMs` (Licode's client uses 2 s, §5.6). */
export function watchIce(pc: RTCPeerConnection, onFailed: (reason: string) => void, graceMs = 2_000): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const check = (): void => {
    const state = pc.iceConnectionState;
    if (timer && state !== 'disconnected') {
      clearTimeout(timer);
      timer = undefined;
    }
    if (state === 'failed') onFailed('ICE failed');
    else if (state === 'disconnected' && !timer) {
      timer = setTimeout(() => {
        timer = undefined;
        if (pc.iceConnectionState === 'disconnected') onFailed('ICE disconnected');
      }, graceMs);
    }
  };
  pc.addEventListener('iceconnectionstatechange', check);
  return () => {
    if (timer) clearTimeout(timer);
    pc.removeEventListener('iceconnectionstatechange', check);
  };
}
