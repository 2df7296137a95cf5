import type { LicodeAGeneration, MediaConnection, MediaConnectionEvent, MediaPlane, SdpStyle } from '../media/types';

/**
 * One Erizo WebRtcConnection seen from the controller: the media-plane connection plus the negotiation state the
 * controller needs (serialised negotiation steps, impolite-peer glare handling, "remote description applied").
 */
export class ServerConnection {
  readonly media: MediaConnection;
  /** A server offer is being created or waits for its answer (glare: client offers are ignored meanwhile). */
  makingOffer = false;
  /** Subscriptions changed while an offer was outstanding: offer again after the answer. */
  needsReoffer = false;
  /** A client offer has been applied (dialect A ignores candidates that arrive before). */
  remoteApplied = false;
  closed = false;
  /** updatestream configs that arrived before the subscription reached the media plane (publisher not ready yet). */
  private readonly earlyConfigs = new Map<number, unknown[]>();
  private chain: Promise<void> = Promise.resolve();
  private readonly unlisten: () => void;

  constructor(
    media: MediaPlane,
    readonly id: string,
    style: SdpStyle,
    readonly erizoId: string,
    onEvent: (connection: ServerConnection, event: MediaConnectionEvent) => void,
    maxVideoBW?: number,
    aGeneration?: LicodeAGeneration,
  ) {
    this.media = media.createConnection({
      id,
      style,
      ...(maxVideoBW === undefined ? {} : { maxVideoBW }),
      ...(aGeneration === undefined ? {} : { aGeneration }),
    });
    this.unlisten = this.media.on((event) => {
      if (!this.closed || event.type === 'closed') onEvent(this, event);
    });
  }

  get glare(): boolean {
    return this.makingOffer || this.media.hasPendingOffer;
  }

  /** Run negotiation steps one after another; failures are reported, never thrown at the caller. */
  enqueue(step: () => Promise<void>, onError: (err: unknown) => void): Promise<void> {
    const next = this.chain.then(() => (this.closed ? undefined : step())).catch(onError);
    this.chain = next;
    return next;
  }

  /**
   * Add a subscription to the media connection with the constraints of its subscribe options
   * (`video:{width,height,frameRate}`, `maxVideoBW`), then every updatestream config that came before.
   */
  addMediaSubscription(streamId: number, kinds: { audio: boolean; video: boolean }, subscribeOptions: Record<string, unknown>): void {
    const constraints = { video: subscribeOptions.video, maxVideoBW: subscribeOptions.maxVideoBW };
    this.media.addSubscription(streamId, { ...kinds, constraints });
    for (const config of this.earlyConfigs.get(streamId) ?? []) this.media.updateSubscription(streamId, config);
    this.earlyConfigs.delete(streamId);
  }

  /** A subscriber's updatestream config: applied now, or kept until the subscription reaches the media plane. */
  configureSubscription(streamId: number, config: unknown): void {
    if (this.media.subscriptions.includes(streamId)) this.media.updateSubscription(streamId, config);
    else this.earlyConfigs.set(streamId, [...(this.earlyConfigs.get(streamId) ?? []), config]);
  }

  get isEmpty(): boolean {
    return this.media.publications.length === 0 && this.media.subscriptions.length === 0;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.unlisten();
    await this.media.close().catch(() => undefined);
  }
}

/** Candidates must be full SDP attribute lines; the `end` marker is the only other accepted form. */
export function candidateLine(candidate: unknown): { candidate: string; sdpMid: string | null; sdpMLineIndex: number | null } | undefined {
  if (typeof candidate !== 'object' || candidate === null) return undefined;
  const c = candidate as Record<string, unknown>;
  if (typeof c.candidate !== 'string') return undefined;
  if (!c.candidate.startsWith('a=candidate:') && c.candidate !== 'end') return undefined;
  return {
    candidate: c.candidate,
    sdpMid: typeof c.sdpMid === 'string' ? c.sdpMid : null,
    sdpMLineIndex: typeof c.sdpMLineIndex === 'number' && Number.isFinite(c.sdpMLineIndex) ? c.sdpMLineIndex : null,
  };
}
