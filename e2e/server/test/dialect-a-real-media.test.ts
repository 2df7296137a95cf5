import wrtc from '@roamhq/wrtc';
import * as sdpTransform from 'sdp-transform';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../media/test-support/node-subscriber';
import { ATestClient, createToken, serverPerTest, type Harness } from './harness';

/**
 * Dialect A v5/v6 on the real werift media plane with libwebrtc (@roamhq/wrtc) peers: the answer SDP of v5's
 * ErizoJS (docs/licode-protocol.md §8 24i) and a publication announced at CONN_READY (ICE + DTLS), not at first RTP (24j).
 */

const perTest = serverPerTest();

type Erizo = { mess: { type: string; sdp?: string }; streamId?: number; peerId?: number };
const erizo =
  (type: string, key: 'streamId' | 'peerId', id: number) =>
  ([m]: unknown[]) =>
    (m as Erizo).mess.type === type && (m as Erizo)[key] === id;

async function join(h: Harness, version: 'v5' | 'v6'): Promise<ATestClient> {
  const token = await createToken(h.server.restUrl, { username: 'u', role: 'presenter' });
  const c = await ATestClient.join(h.server.controllerHost, token, version === 'v6' ? { singlePC: false } : undefined);
  perTest.closeLater(() => c.close());
  return c;
}

/** A libwebrtc peer with audio + video transceivers in `direction` and no tracks: ICE and DTLS, but never any RTP. */
async function silentPeer(direction: 'sendonly' | 'recvonly'): Promise<{ pc: wrtc.RTCPeerConnection; offer: string; candidates: string[] }> {
  const pc = new wrtc.RTCPeerConnection({ iceServers: [] });
  perTest.closeLater(() => pc.close());
  pc.addTransceiver('audio', { direction });
  pc.addTransceiver('video', { direction });
  const candidates: string[] = [];
  pc.addEventListener('icecandidate', (e: { candidate: { candidate: string } | null }) => {
    if (e.candidate) candidates.push(e.candidate.candidate);
  });
  await pc.setLocalDescription(await pc.createOffer());
  return { pc, offer: pc.localDescription?.sdp ?? '', candidates };
}

/** Trickle the peer's loopback candidates (with the `a=` prefix dialect A requires) and the end marker. */
async function trickle(c: ATestClient, streamId: number, candidates: string[]): Promise<void> {
  await waitFor('gathering', () => (candidates.length > 0 ? true : undefined));
  for (const candidate of candidates) {
    c.socket.emit(
      'signaling_message',
      { streamId, msg: { type: 'candidate', candidate: { sdpMLineIndex: 0, sdpMid: '0', candidate: `a=${candidate}` } } },
      null,
    );
  }
  c.socket.emit('signaling_message', { streamId, msg: { type: 'candidate', candidate: { sdpMLineIndex: -1, sdpMid: 'end', candidate: 'end' } } }, null);
}

for (const version of ['v5', 'v6'] as const) {
  describe(`dialect A ${version} with real media`, () => {
    it("answers with CRLF and Opus 111 (VP8 + Opus media configuration), no PCMU, in the generation's format", async () => {
      const h = await perTest.start({ dialect: 'A', aVersion: version, real: true });
      const alice = await join(h, version);
      const [id] = (await alice.request('publish', [{ state: 'erizo', audio: true, video: true, data: false, attributes: {} }, null])) as [number];
      const { offer } = await silentPeer('sendonly');
      alice.socket.emit('signaling_message', { streamId: id, msg: { type: 'offer', sdp: offer } }, null);
      const answer = ((await alice.log.wait('signaling_message_erizo', erizo('answer', 'streamId', id), 10_000)).args[0] as Erizo).mess.sdp ?? '';
      expect(answer.split('\r\n').join('')).not.toContain('\n');
      const parsed = sdpTransform.parse(answer);
      const audio = parsed.media.find((m) => m.type === 'audio');
      const video = parsed.media.find((m) => m.type === 'video');
      expect(audio?.rtp.map((r) => `${r.payload} ${r.codec}/${r.rate}`)).toEqual(['111 opus/48000']);
      expect(video?.rtp.map((r) => r.codec)).toEqual(['VP8']);
      expect(answer).not.toMatch(/PCMU|telephone-event/);
      expect(parsed.name).toBe('LicodeMCU');
      expect(parsed.groups?.[0]?.type).toBe('BUNDLE');
      expect(parsed.media.map((m) => m.rtcpMux)).toEqual(['rtcp-mux', 'rtcp-mux']);
      expect(parsed.media.map((m) => m.rtcp?.port)).toEqual([1, 1]);
      // v5: the C++ SdpInfo's port 1 and `o=- 0 0` survive ErizoJS's rewrite; v6's SessionDescription writes port 9.
      expect(parsed.media.map((m) => m.port)).toEqual(version === 'v5' ? [1, 1] : [9, 9]);
      expect(parsed.origin?.sessionVersion).toBe(0);
    }, 30_000);

    it('announces a publication (onAddStream, then ready) once ICE and DTLS are up, without RTP; a subscriber is answered and ready', async () => {
      const h = await perTest.start({ dialect: 'A', aVersion: version, real: true });
      const alice = await join(h, version);
      const bob = await join(h, version);
      const [id] = (await alice.request('publish', [{ state: 'erizo', audio: true, video: true, data: false, attributes: {} }, null])) as [number];
      const publisher = await silentPeer('sendonly');
      alice.socket.emit('signaling_message', { streamId: id, msg: { type: 'offer', sdp: publisher.offer } }, null);
      const answer = (await alice.log.wait('signaling_message_erizo', erizo('answer', 'streamId', id), 10_000)).args[0] as Erizo;
      await publisher.pc.setRemoteDescription({ type: 'answer', sdp: answer.mess.sdp ?? '' });
      await trickle(alice, id, publisher.candidates);
      const ready = await alice.log.wait('signaling_message_erizo', erizo('ready', 'streamId', id), 15_000);
      const own = alice.log.events.findIndex((e) => e.event === 'onAddStream' && (e.args[0] as { id: number }).id === id);
      expect(own).toBeGreaterThan(-1);
      expect(own).toBeLessThan(alice.log.events.indexOf(ready));
      await bob.log.wait('onAddStream', ([s]) => (s as { id: number }).id === id);
      expect((await h.admin.streams()).find((s) => s.id === id)?.ready).toBe(true);

      const subscribeAck = await bob.request('subscribe', [{ streamId: id, audio: true, video: true, data: false }, null]);
      expect(subscribeAck === 'timeout' ? subscribeAck : subscribeAck[0]).toBe(true);
      const subscriber = await silentPeer('recvonly');
      bob.socket.emit('signaling_message', { streamId: id, msg: { type: 'offer', sdp: subscriber.offer } }, null);
      const subAnswer = (await bob.log.wait('signaling_message_erizo', erizo('answer', 'peerId', id), 10_000)).args[0] as Erizo;
      await subscriber.pc.setRemoteDescription({ type: 'answer', sdp: subAnswer.mess.sdp ?? '' });
      await trickle(bob, id, subscriber.candidates);
      await bob.log.wait('signaling_message_erizo', erizo('ready', 'peerId', id), 15_000);
    }, 60_000);
  });
}
