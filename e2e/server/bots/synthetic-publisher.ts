import wrtc from '@roamhq/wrtc';
import type { MediaConnection, MediaPlane, SdpStyle } from '../media/types';
import { startFrameClock } from './frame-clock';
import { TestPattern, ToneGenerator } from './test-pattern';

export interface SyntheticPublisherOptions {
  streamId: number;
  /** msid stream id of the bot's tracks (dialect C matches tracks to the publication by it). */
  label: string;
  /** Written on the video; also picks the background colour and the tone's pitch. */
  name: string;
  width?: number;
  height?: number;
  fps?: number;
  /**
   * Codec generation of the bot's connection (default 'c': VP8 + Opus). Use 'a' in dialect-A rooms: their
   * subscribers negotiate PCMU, and the plane does not transcode.
   */
  style?: SdpStyle;
  /** Give up if media is not flowing after this long (ms). */
  timeoutMs?: number;
}

export interface SyntheticPublisher {
  readonly streamId: number;
  readonly connection: MediaConnection;
  /**
   * Called once if the publication dies on its own after it was up: the plane's connection failed or closed (e.g. ICE
   * consent expired while the machine was overloaded) or the bot's own peer connection failed. Media never comes back
   * by itself then; the owner has to publish again. Not called after `close()`.
   */
  onLost(listener: (reason: string) => void): void;
  close(): Promise<void>;
}

const SAMPLE_RATE = 48_000;

/** Wait for ICE gathering so the offer carries the bot's loopback candidate (no trickle needed in-process). */
function gatheringComplete(pc: RTCPeerConnection): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 2000);
    pc.addEventListener('icegatheringstatechange', () => {
      if (pc.iceGatheringState === 'complete') {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

/**
 * A participant that publishes a moving test pattern and a tone into the media plane (one connection),
 * negotiated in-process. Resolves once media flows (the plane's `publication-ready`).
 */
export async function startSyntheticPublisher(mediaPlane: MediaPlane, options: SyntheticPublisherOptions): Promise<SyntheticPublisher> {
  const width = options.width ?? 320;
  const height = options.height ?? 180; // 16:9 like a webcam: call tiles show the whole pattern, uncropped
  const fps = options.fps ?? 15;
  const connection = mediaPlane.createConnection({ id: `bot-${options.streamId}`, style: options.style ?? 'c' });
  connection.expectPublication(options.streamId, options.label);

  const pc = new wrtc.RTCPeerConnection({ iceServers: [] });
  const videoSource = new wrtc.nonstandard.RTCVideoSource();
  const audioSource = new wrtc.nonstandard.RTCAudioSource();
  const videoTrack = videoSource.createTrack();
  const audioTrack = audioSource.createTrack();
  const stream = new wrtc.MediaStream([audioTrack, videoTrack]);
  pc.addTransceiver(audioTrack, { direction: 'sendonly', streams: [stream] });
  pc.addTransceiver(videoTrack, { direction: 'sendonly', streams: [stream] });

  const pattern = new TestPattern({ width, height, name: options.name });
  const tone = new ToneGenerator(SAMPLE_RATE, 300 + (options.streamId % 7) * 80);
  const videoClock = startFrameClock({ fps, tick: () => videoSource.onFrame({ width, height, data: pattern.next() }) });
  // Audio is pushed by elapsed time so that late timers do not slow the tone down.
  let audioSent = 0;
  const audioStart = Date.now();
  const audioTimer = setInterval(() => {
    const due = Math.floor((Date.now() - audioStart) / 10);
    for (; audioSent < due; audioSent += 1) audioSource.onData({ samples: tone.next(), sampleRate: SAMPLE_RATE });
  }, 10);

  let closed = false;
  let lostListener: ((reason: string) => void) | undefined;
  let lostReason: string | undefined;
  const lost = (reason: string): void => {
    if (closed || lostReason !== undefined) return;
    lostReason = reason;
    lostListener?.(reason);
  };
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    videoClock.stop();
    clearInterval(audioTimer);
    videoTrack.stop();
    audioTrack.stop();
    pc.close();
    await connection.close();
  };

  try {
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`Synthetic publisher ${options.name}: no media after ${options.timeoutMs ?? 15_000} ms`)),
        options.timeoutMs ?? 15_000,
      );
      connection.on((event) => {
        if (event.type === 'publication-ready' && event.streamId === options.streamId) {
          clearTimeout(timer);
          resolve();
        } else if (event.type === 'failed' || event.type === 'closed') {
          clearTimeout(timer);
          reject(new Error(`Synthetic publisher ${options.name}: connection ${event.type}`));
        }
      });
    });
    await pc.setLocalDescription(await pc.createOffer());
    await gatheringComplete(pc);
    // The wrtc MediaStream id cannot be chosen; rename it to the label in the SDP (what Licode's client achieves by
    // using the MediaStream id as label).
    const offer = pc.localDescription!.sdp.split(stream.id).join(options.label);
    const answer = await connection.acceptOffer(offer);
    await pc.setRemoteDescription({ type: 'answer', sdp: answer });
    await ready;
  } catch (error) {
    await close();
    throw error;
  }
  connection.on((event) => {
    if (event.type === 'failed') lost(`the media plane's connection failed (${event.reason})`);
    else if (event.type === 'closed') lost("the media plane's connection closed");
  });
  pc.addEventListener('connectionstatechange', () => {
    if (pc.connectionState === 'failed') lost("the bot's peer connection failed");
  });
  return {
    streamId: options.streamId,
    connection,
    close,
    onLost(listener) {
      lostListener = listener;
      if (lostReason !== undefined) listener(lostReason);
    },
  };
}
