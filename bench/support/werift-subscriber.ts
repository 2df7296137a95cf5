import { RTCPeerConnection } from 'werift';
import { isVp8KeyframeStart } from '../../e2e/server/media/publication';
import { peerConfigFor } from '../../e2e/server/media/werift-config';

/**
 * A light subscriber for load tests: a werift peer that answers the plane's offer and counts RTP without decoding,
 * so 16 of them fit next to the publisher on a 2-core machine.
 */
export class WeriftSubscriber {
  readonly pc = new RTCPeerConnection(peerConfigFor('c'));
  readonly packets = { audio: 0, video: 0 };
  firstPacketAt: number | undefined;
  firstKeyframeAt: number | undefined;

  constructor() {
    this.pc.onTrack.subscribe((track) => {
      track.onReceiveRtp.subscribe((packet) => {
        this.packets[track.kind as 'audio' | 'video'] += 1;
        this.firstPacketAt ??= performance.now();
        if (track.kind === 'video' && this.firstKeyframeAt === undefined && isVp8KeyframeStart(packet.payload)) {
          this.firstKeyframeAt = performance.now();
        }
      });
    });
  }

  async answer(offer: string): Promise<string> {
    await this.pc.setRemoteDescription({ type: 'offer', sdp: offer });
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    return this.pc.localDescription!.sdp;
  }

  close(): Promise<void> {
    return this.pc.close();
  }
}
