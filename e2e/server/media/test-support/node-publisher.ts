import wrtc from '@roamhq/wrtc';
import { TestPattern, ToneGenerator } from '../../bots/test-pattern';

/**
 * A Node (libwebrtc) client that publishes one or more labelled streams on one RTCPeerConnection, like Licode's
 * single-PC client: each stream's msid stream id is its label.
 */
export class NodePublisher {
  readonly pc = new wrtc.RTCPeerConnection({ iceServers: [] });
  private readonly labels = new Map<string, string>(); // wrtc MediaStream id → label
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly tracks: MediaStreamTrack[] = [];

  addStream(label: string, options: { width?: number; height?: number; fps?: number } = {}): void {
    const width = options.width ?? 160;
    const height = options.height ?? 120;
    const video = new wrtc.nonstandard.RTCVideoSource();
    const audio = new wrtc.nonstandard.RTCAudioSource();
    const videoTrack = video.createTrack();
    const audioTrack = audio.createTrack();
    const stream = new wrtc.MediaStream([audioTrack, videoTrack]);
    this.labels.set(stream.id, label);
    this.tracks.push(videoTrack, audioTrack);
    this.pc.addTransceiver(audioTrack, { direction: 'sendonly', streams: [stream] });
    this.pc.addTransceiver(videoTrack, { direction: 'sendonly', streams: [stream] });
    const pattern = new TestPattern({ width, height, name: label });
    const tone = new ToneGenerator(48_000, 440);
    this.timers.push(setInterval(() => video.onFrame({ width, height, data: pattern.next() }), 1000 / (options.fps ?? 15)));
    this.timers.push(setInterval(() => audio.onData({ samples: tone.next(), sampleRate: 48_000 }), 10));
  }

  /** An offer with candidates inside and stream ids renamed to the labels. */
  async offer(options: { iceRestart?: boolean } = {}): Promise<string> {
    await this.pc.setLocalDescription(await this.pc.createOffer(options));
    await new Promise<void>((resolve) => {
      if (this.pc.iceGatheringState === 'complete') return resolve();
      const timer = setTimeout(resolve, 2000);
      this.pc.addEventListener('icegatheringstatechange', () => {
        if (this.pc.iceGatheringState === 'complete') {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    let sdp = this.pc.localDescription!.sdp;
    for (const [id, label] of this.labels) sdp = sdp.split(id).join(label);
    return sdp;
  }

  async applyAnswer(sdp: string): Promise<void> {
    await this.pc.setRemoteDescription({ type: 'answer', sdp });
  }

  close(): void {
    for (const timer of this.timers) clearInterval(timer);
    for (const track of this.tracks) track.stop();
    this.pc.close();
  }
}
