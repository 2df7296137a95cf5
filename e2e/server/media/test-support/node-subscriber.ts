import wrtc from '@roamhq/wrtc';

/** A Node (libwebrtc) subscriber used by tests and the benchmark: answers server offers, offers receive-only. */
export class NodeSubscriber {
  readonly pc = new wrtc.RTCPeerConnection({ iceServers: [] });
  readonly tracks: MediaStreamTrack[] = [];
  readonly streamIds = new Set<string>();

  constructor() {
    this.pc.addEventListener('track', (event) => {
      this.tracks.push(event.track);
      for (const stream of event.streams) this.streamIds.add(stream.id);
    });
  }

  /** Answer a server offer (dialect C); the answer carries the loopback candidates. */
  async answer(offerSdp: string): Promise<string> {
    await this.pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    await this.gathered();
    return this.pc.localDescription!.sdp;
  }

  /** Receive-only offer (dialect A subscription). */
  async offerToReceive(): Promise<string> {
    this.pc.addTransceiver('audio', { direction: 'recvonly' });
    this.pc.addTransceiver('video', { direction: 'recvonly' });
    await this.pc.setLocalDescription(await this.pc.createOffer());
    await this.gathered();
    return this.pc.localDescription!.sdp;
  }

  async applyAnswer(answerSdp: string): Promise<void> {
    await this.pc.setRemoteDescription({ type: 'answer', sdp: answerSdp });
  }

  private gathered(): Promise<void> {
    if (this.pc.iceGatheringState === 'complete') return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, 2000);
      this.pc.addEventListener('icegatheringstatechange', () => {
        if (this.pc.iceGatheringState === 'complete') {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  }

  /** packetsReceived per kind from getStats. */
  async packetsReceived(): Promise<{ audio: number; video: number; framesDecoded: number; pliCount: number }> {
    const report = await this.pc.getStats();
    const result = { audio: 0, video: 0, framesDecoded: 0, pliCount: 0 };
    report.forEach((stat: { type: string; kind?: string; mediaType?: string; packetsReceived?: number; framesDecoded?: number; pliCount?: number }) => {
      if (stat.type !== 'inbound-rtp') return;
      const kind = (stat.kind ?? stat.mediaType) as 'audio' | 'video';
      result[kind] += stat.packetsReceived ?? 0;
      if (kind === 'video') {
        result.framesDecoded += stat.framesDecoded ?? 0;
        result.pliCount += stat.pliCount ?? 0;
      }
    });
    return result;
  }

  close(): void {
    this.pc.close();
  }
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
