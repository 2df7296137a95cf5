import type { StreamId } from './messages';
import { END_OF_CANDIDATES, looksLikeSdp, setVideoBandwidth, toLicodeCandidate, type LicodeCandidate } from './sdp';
import { PeerConnectionRegistry, watchIce } from './peer';
import type { SignallingTransport } from './transport';

export interface AConnectionOptions {
  transport: SignallingTransport;
  peers: PeerConnectionRegistry;
  streamId: StreamId;
  role: 'publish' | 'subscribe';
  /** Publish: the local media. */
  localStream?: MediaStream;
  /** Subscribe: which kinds to receive. */
  receive?: { audio: boolean; video: boolean };
  /** kbit/s written as `b=AS` into the offer and the answer (§7.4). */
  maxVideoKbps: number | undefined;
  onTrack?: (event: RTCTrackEvent) => void;
  onReady: () => void;
  onFailed: (reason: string) => void;
}

/**
 * One dialect A peer connection (one per stream, §3.5): wait for `started`, offer (send-only for publish,
 * receive-only for subscribe), apply the answer, then trickle our candidates with the `a=` prefix and finish with the
 * end marker (v3 Erizo drops candidates that arrive before the answer, §8 #19); `ready` completes it.
 */
export class AStreamConnection {
  readonly pc: RTCPeerConnection;
  #candidates: LicodeCandidate[] = [];
  #gatheringDone = false;
  #answered = false;
  #offered = false;
  #closed = false;
  readonly #stopIceWatch: () => void;

  constructor(private readonly o: AConnectionOptions) {
    this.pc = o.peers.create();
    this.pc.addEventListener('icecandidate', (ev) => {
      if (!ev.candidate || !ev.candidate.candidate) {
        this.#gatheringDone = true;
      } else {
        const c = toLicodeCandidate(ev.candidate.toJSON());
        if (c) this.#candidates.push(c);
      }
      this.#flushCandidates();
    });
    if (o.onTrack) this.pc.addEventListener('track', o.onTrack);
    this.#stopIceWatch = watchIce(this.pc, (reason) => this.#fail(reason));
    if (o.role === 'publish') {
      for (const track of o.localStream?.getTracks() ?? []) {
        this.pc.addTransceiver(track, { direction: 'sendonly', streams: o.localStream ? [o.localStream] : [] });
      }
    } else {
      if (o.receive?.audio) this.pc.addTransceiver('audio', { direction: 'recvonly' });
      if (o.receive?.video) this.pc.addTransceiver('video', { direction: 'recvonly' });
    }
  }

  /** Server said `started`: make and send the offer. */
  async start(): Promise<void> {
    if (this.#offered || this.#closed) return;
    this.#offered = true;
    try {
      const offer = await this.pc.createOffer();
      const sdp = this.o.maxVideoKbps ? setVideoBandwidth(offer.sdp ?? '', this.o.maxVideoKbps) : (offer.sdp ?? '');
      await this.pc.setLocalDescription({ type: 'offer', sdp });
      const msg = { type: 'offer', sdp };
      this.#signal(this.o.role === 'subscribe' ? { streamId: this.o.streamId, msg, browser: 'chrome-stable' } : { streamId: this.o.streamId, msg });
    } catch (err) {
      this.#fail(`could not create the offer: ${String(err)}`);
    }
  }

  /** A `signaling_message_erizo` addressed to this stream. */
  async handle(mess: { type: string; sdp?: unknown }): Promise<void> {
    if (this.#closed) return;
    switch (mess.type) {
      case 'started':
        return this.start();
      case 'answer': {
        if (this.#answered || this.pc.signalingState !== 'have-local-offer') return;
        if (!looksLikeSdp(mess.sdp)) return this.#fail('the server sent an answer without a usable SDP');
        const sdp = this.o.maxVideoKbps ? setVideoBandwidth(mess.sdp, this.o.maxVideoKbps) : mess.sdp;
        try {
          await this.pc.setRemoteDescription({ type: 'answer', sdp });
        } catch (err) {
          return this.#fail(`the server's answer could not be applied: ${String(err)}`);
        }
        this.#answered = true;
        this.#flushCandidates();
        return;
      }
      case 'ready':
        return this.o.onReady();
      default:
        // 'initializing' (v5/v6, §8 24d), 'bandwidthAlert', server candidates with trickle off: nothing to do.
        return;
    }
  }

  /** `updatestream` (§3.4): mute signalling of a publisher, caps of a subscriber (which also names its browser, §3.1). */
  sendUpdate(config: Record<string, unknown>): void {
    const msg = { type: 'updatestream', config };
    this.#signal(this.o.role === 'subscribe' ? { streamId: this.o.streamId, msg, browser: 'chrome-stable' } : { streamId: this.o.streamId, msg });
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#stopIceWatch();
    this.o.peers.close(this.pc);
  }

  get closed(): boolean {
    return this.#closed;
  }

  #flushCandidates(): void {
    if (!this.#answered || this.#closed) return;
    for (const candidate of this.#candidates.splice(0)) this.#signal({ streamId: this.o.streamId, msg: { type: 'candidate', candidate } });
    if (this.#gatheringDone) {
      this.#gatheringDone = false; // send the marker once
      this.#signal({ streamId: this.o.streamId, msg: { type: 'candidate', candidate: END_OF_CANDIDATES } });
    }
  }

  #signal(payload: Record<string, unknown>): void {
    // The server never calls the ack of signaling_message (§3.1); dialect A also wants the second `null` argument.
    this.o.transport.send('signaling_message', [payload, null]);
  }

  #fail(reason: string): void {
    if (this.#closed) return;
    this.o.onFailed(reason);
  }
}
