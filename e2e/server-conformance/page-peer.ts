import type { Page } from '@playwright/test';

/**
 * Page-side WebRTC helpers, run inside Chromium with page.evaluate. Each function is self-contained (it is
 * serialised into the page) and keeps its RTCPeerConnection on `window.__peers`.
 */
declare global {
  interface Window {
    __peers: Record<string, RTCPeerConnection>;
    __frames: Record<string, number>;
  }
}

export interface PublishOffer {
  sdp: string;
  label: string;
}

/** getUserMedia (fake camera + mic), a send-only offer with all candidates inside. */
export async function createPublishOffer(page: Page, name: string, simulcast = false): Promise<PublishOffer> {
  return page.evaluate(
    async ({ name, simulcast }) => {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 480 } });
      const pc = new RTCPeerConnection({ iceServers: [] });
      (window.__peers ??= {})[name] = pc;
      for (const track of stream.getTracks()) {
        const init: RTCRtpTransceiverInit = { direction: 'sendonly', streams: [stream] };
        if (simulcast && track.kind === 'video') {
          init.sendEncodings = [
            { rid: '1', scaleResolutionDownBy: 4 },
            { rid: '2', scaleResolutionDownBy: 2 },
            { rid: '3', scaleResolutionDownBy: 1 },
          ];
        }
        pc.addTransceiver(track, init);
      }
      await pc.setLocalDescription(await pc.createOffer());
      await new Promise<void>((resolve) => {
        if (pc.iceGatheringState === 'complete') return resolve();
        pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve());
      });
      return { sdp: pc.localDescription!.sdp, label: stream.id };
    },
    { name, simulcast },
  );
}

export async function applyAnswer(page: Page, name: string, sdp: string): Promise<void> {
  await page.evaluate(
    async ({ name, sdp }) => {
      await window.__peers[name]!.setRemoteDescription({ type: 'answer', sdp });
    },
    { name, sdp },
  );
}

/** Receive-only subscriber: answers a server offer (dialect C) or offers (dialect A). Renders into a <video>. */
export async function prepareSubscriber(page: Page, name: string): Promise<void> {
  await page.evaluate((name) => {
    const pc = new RTCPeerConnection({ iceServers: [] });
    (window.__peers ??= {})[name] = pc;
    (window.__frames ??= {})[name] = 0;
    const video = document.createElement('video');
    video.id = name;
    video.autoplay = true;
    video.muted = true;
    video.playsInline = true;
    document.body.append(video);
    const audio = document.createElement('audio');
    audio.autoplay = true;
    document.body.append(audio);
    pc.addEventListener('track', (event) => {
      const stream = event.streams[0] ?? new MediaStream([event.track]);
      if (event.track.kind === 'video') {
        video.srcObject = stream;
        const count = (): void => {
          window.__frames[name] = (window.__frames[name] ?? 0) + 1;
          video.requestVideoFrameCallback(count);
        };
        video.requestVideoFrameCallback(count);
      } else {
        audio.srcObject = stream;
      }
      video.dataset.streams = [...new Set([...(video.dataset.streams ?? '').split(',').filter(Boolean), ...event.streams.map((s) => s.id)])].join(',');
    });
  }, name);
}

export async function answerServerOffer(page: Page, name: string, offer: string): Promise<string> {
  return page.evaluate(
    async ({ name, offer }) => {
      const pc = window.__peers[name]!;
      await pc.setRemoteDescription({ type: 'offer', sdp: offer });
      await pc.setLocalDescription(await pc.createAnswer());
      await new Promise<void>((resolve) => {
        if (pc.iceGatheringState === 'complete') return resolve();
        pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve());
      });
      return pc.localDescription!.sdp;
    },
    { name, offer },
  );
}

export async function createReceiveOffer(page: Page, name: string): Promise<string> {
  return page.evaluate(async (name) => {
    const pc = window.__peers[name]!;
    pc.addTransceiver('audio', { direction: 'recvonly' });
    pc.addTransceiver('video', { direction: 'recvonly' });
    await pc.setLocalDescription(await pc.createOffer());
    await new Promise<void>((resolve) => {
      if (pc.iceGatheringState === 'complete') return resolve();
      pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve());
    });
    return pc.localDescription!.sdp;
  }, name);
}

export interface ReceivedMedia {
  videoWidth: number;
  frames: number;
  framesDecoded: number;
  audioPackets: number;
  streamIds: string[];
}

export async function receivedMedia(page: Page, name: string): Promise<ReceivedMedia> {
  return page.evaluate(async (name) => {
    const pc = window.__peers[name]!;
    const video = document.getElementById(name) as HTMLVideoElement;
    let framesDecoded = 0;
    let audioPackets = 0;
    (await pc.getStats()).forEach((stat: { type: string; kind?: string; framesDecoded?: number; packetsReceived?: number }) => {
      if (stat.type !== 'inbound-rtp') return;
      if (stat.kind === 'video') framesDecoded += stat.framesDecoded ?? 0;
      if (stat.kind === 'audio') audioPackets += stat.packetsReceived ?? 0;
    });
    return {
      videoWidth: video.videoWidth,
      frames: window.__frames[name] ?? 0,
      framesDecoded,
      audioPackets,
      streamIds: (video.dataset.streams ?? '').split(',').filter(Boolean),
    };
  }, name);
}

/** Media flows: decoded frames keep advancing and audio packets arrive. */
export async function expectMediaFlowing(page: Page, name: string, timeoutMs = 20_000): Promise<ReceivedMedia> {
  const deadline = Date.now() + timeoutMs;
  let first: ReceivedMedia | undefined;
  let last: ReceivedMedia = await receivedMedia(page, name);
  while (Date.now() < deadline) {
    last = await receivedMedia(page, name);
    if (last.videoWidth > 0 && last.audioPackets > 0 && last.framesDecoded > 0) {
      if (!first) first = last;
      else if (last.frames > first.frames + 5 && last.framesDecoded > first.framesDecoded + 5 && last.audioPackets > first.audioPackets) {
        return last;
      }
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`Media did not flow to ${name} within ${timeoutMs} ms: ${JSON.stringify(last)}`);
}

/** Chromium's send-side bandwidth estimate (bit/s) on the nominated candidate pair: REMB caps it. */
export async function availableOutgoingBitrate(page: Page, name: string): Promise<number> {
  return page.evaluate(async (name) => {
    let bitrate = Infinity;
    (await window.__peers[name]!.getStats()).forEach((stat: { type: string; nominated?: boolean; availableOutgoingBitrate?: number }) => {
      if (stat.type === 'candidate-pair' && stat.nominated && stat.availableOutgoingBitrate !== undefined) bitrate = stat.availableOutgoingBitrate;
    });
    return bitrate;
  }, name);
}
