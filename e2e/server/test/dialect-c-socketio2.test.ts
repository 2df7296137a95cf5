import { WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import { clientOffer, createToken, decodeToken, serverPerTest } from './harness';

/**
 * Licode v9 (C1) and v10 (C2): dialect C's messages on socket.io 2 (docs/licode-protocol.md §2.2, §5.8, §9.4), read
 * as raw Engine.IO 3 frames so the exact wire forms are checked: the server connects the namespace by itself (`40`),
 * a refused token is an ERROR packet `44"token: …"`, `connected` is envelope 0 (v9 without `connectionTargetBw`).
 */
const servers = serverPerTest();

/** A raw EIO=3 WebSocket: every text frame in order, and a way to wait for the next one matching. */
class RawEio3 {
  readonly frames: string[] = [];
  private readonly socket: WebSocket;
  private waiters: Array<() => void> = [];
  private nextAck = 0;

  constructor(host: string, query: Record<string, string>) {
    const params = new URLSearchParams({ EIO: '3', transport: 'websocket', ...query });
    this.socket = new WebSocket(`ws://${host}/socket.io/?${params.toString()}`);
    this.socket.on('message', (data: Buffer) => {
      this.frames.push(data.toString());
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.socket.on('close', () => {
      this.frames.push('<closed>');
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  async next(match: (frame: string) => boolean, timeoutMs = 3_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.find(match);
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`no matching frame; got ${JSON.stringify(this.frames)}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  /** `42<ack id>["event",{socketgd,msg}]`; resolves with the ack's arguments. */
  async request(event: string, socketgd: number, msg: unknown): Promise<unknown[]> {
    const id = this.nextAck++;
    this.socket.send(`42${id}${JSON.stringify([event, { socketgd, msg }])}`);
    const frame = await this.next((f) => f.startsWith(`43${id}[`));
    return JSON.parse(frame.slice(`43${id}`.length)) as unknown[];
  }

  /** Envelope payloads of one server event, in order. */
  events(name: string): unknown[] {
    return this.frames.filter((f) => f.startsWith(`42["${name}"`)).map((f) => (JSON.parse(f.slice(2)) as [string, { msg: unknown }])[1].msg);
  }

  close(): void {
    this.socket.close();
  }
}

async function joinRaw(h: Awaited<ReturnType<typeof servers.start>>, name: string): Promise<RawEio3> {
  const t = decodeToken(await createToken(h.server.restUrl, { username: name, role: 'presenter' }));
  const raw = new RawEio3(h.server.controllerHost, { tokenId: t.tokenId, host: t.host, secure: String(t.secure), signature: t.signature });
  servers.closeLater(() => raw.close());
  await raw.next((f) => f.startsWith('42["connected"'));
  return raw;
}

for (const version of ['v9', 'v10'] as const) {
  describe(`dialect C ${version} on socket.io 2`, () => {
    it('Engine.IO 3 handshake: OPEN without maxPayload, ping 10 s / 5 s, then the server connects the namespace itself', async () => {
      const h = await servers.start({ dialect: 'C', cVersion: version });
      const raw = await joinRaw(h, 'alice');
      const open = JSON.parse(raw.frames[0]!.slice(1)) as Record<string, unknown>;
      expect(open).toMatchObject({ pingInterval: 10_000, pingTimeout: 5_000 });
      expect(open).not.toHaveProperty('maxPayload');
      expect(raw.frames[1]).toBe('40');
    });

    it('`connected` is envelope 0 with the keys of its generation (v9: no connectionTargetBw)', async () => {
      const h = await servers.start({ dialect: 'C', cVersion: version });
      const raw = await joinRaw(h, 'alice');
      const frame = await raw.next((f) => f.startsWith('42["connected"'));
      const [, envelope, third] = JSON.parse(frame.slice(2)) as [string, { socketgd: number; msg: Record<string, unknown> }, unknown];
      expect(envelope.socketgd).toBe(0);
      expect(third).toBeNull();
      const keys = ['streams', 'id', 'clientId', 'singlePC', 'streamPriorityStrategy', 'defaultVideoBW', 'maxVideoBW', 'iceServers'];
      expect(Object.keys(envelope.msg).sort()).toEqual((version === 'v9' ? keys : [...keys, 'connectionTargetBw']).sort());
    });

    it('a refused token is an ERROR packet `44"token: …"` and the transport closes; an unknown clientId gets `Connection already closed`', async () => {
      const h = await servers.start({ dialect: 'C', cVersion: version });
      const tokenless = new RawEio3(h.server.controllerHost, {});
      servers.closeLater(() => tokenless.close());
      expect(await tokenless.next((f) => f.startsWith('44'))).toBe('44"token: Authentication error"');
      await tokenless.next((f) => f === '<closed>');
      const stale = new RawEio3(h.server.controllerHost, { clientId: 'd4c1c2ff-0000-4000-8000-000000000000' });
      servers.closeLater(() => stale.close());
      expect(await stale.next((f) => f.startsWith('44'))).toBe('44"Connection already closed"');
    });

    it('acknowledges the events of its generation only (v9 autoSubscribe, v10 setConnectionTargetBandwidth)', async () => {
      const h = await servers.start({ dialect: 'C', cVersion: version });
      const raw = await joinRaw(h, 'alice');
      const acked = version === 'v9' ? 'autoSubscribe' : 'setConnectionTargetBandwidth';
      const absent = version === 'v9' ? 'setConnectionTargetBandwidth' : 'autoSubscribe';
      expect(await raw.request(acked, 1, version === 'v9' ? { selectors: {}, negativeSelectors: {}, options: {} } : 500)).toEqual([]);
      const silent = raw.request(absent, 2, {});
      const outcome = await Promise.race([silent, new Promise((resolve) => setTimeout(() => resolve('silence'), 500))]);
      expect(outcome).toBe('silence');
    });
  });
}

describe('dialect C v9: who offers a subscription (§4.1, §9.4 item 9)', () => {
  async function subscriberOf(offerFromErizo: boolean | undefined): Promise<{ raw: RawEio3; ack: unknown[] }> {
    // The real werift plane and a bot: the SDP is Erizo-formatted SDP of a real connection.
    const h = await servers.start({ dialect: 'C', cVersion: 'v9', real: true });
    const streamId = await h.server.addBot('basicExampleRoom');
    const raw = await joinRaw(h, 'bob');
    const options = { streamId, audio: true, video: true, data: true, ...(offerFromErizo === undefined ? {} : { offerFromErizo }) };
    const ack = await raw.request('subscribe', 1, { options, sdp: null });
    return { raw, ack };
  }

  it('offers itself (Plan B: one audio and one video section, msid only in SSRC lines) when the client says offerFromErizo', async () => {
    const { raw, ack } = await subscriberOf(true);
    expect(ack).toEqual([true, expect.any(String), expect.any(String)]);
    await raw.next((f) => f.startsWith('42["connection_message_erizo"') && f.includes('"offer"'), 10_000);
    const offer = raw.events('connection_message_erizo').find((m) => (m as { evt: { type: string } }).evt.type === 'offer') as { evt: { sdp: string } };
    const sections = offer.evt.sdp.split('\r\nm=').slice(1);
    expect(sections.map((s) => s.split(' ')[0])).toEqual(['audio', 'video']);
    expect(offer.evt.sdp).not.toMatch(/^a=msid:/m);
    expect(offer.evt.sdp).toMatch(/^a=ssrc:\d+ msid:/m);
    expect(offer.evt.sdp).toMatch(/^a=setup:actpass/m);
  });

  it("waits for the client to offer without it, then answers that offer with the publisher's tracks (as dialect A did)", async () => {
    const { raw, ack } = await subscriberOf(undefined);
    const [, erizoId, connectionId] = ack as [boolean, string, string];
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(raw.events('connection_message_erizo')).toEqual([]);
    const msg = { type: 'offer', sdp: clientOffer('recvonly') };
    expect(await raw.request('connectionMessage', 2, { options: { connectionId, erizoId, msg, browser: 'chrome-stable' }, sdp: null })).toEqual([]);
    await raw.next((f) => f.startsWith('42["connection_message_erizo"') && f.includes('"answer"'), 10_000);
    const answer = raw.events('connection_message_erizo')[0] as { connectionId: string; info: number; evt: { type: string; sdp: string } };
    expect(answer).toMatchObject({ connectionId, info: 202, evt: { type: 'answer' } });
    expect(answer.evt.sdp.match(/^a=sendonly/gm)).toHaveLength(2);
    expect(answer.evt.sdp).toMatch(/^a=ssrc:\d+ msid:/m);
    expect(answer.evt.sdp).toMatch(/^a=setup:active/m);
  });
});
