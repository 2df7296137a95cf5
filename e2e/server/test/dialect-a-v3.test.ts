import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { clientOffer, createToken, decodeToken, serverPerTest } from './harness';

/**
 * Licode v3 on socket.io 0.9 (docs/licode-protocol.md §2.1, §9.2, §10.3): the seed conversation
 * (shared/seed/licode-client-server-interaction.md) replayed as raw 0.9 frames, with the blog's own argument forms
 * (`"audio":"true"`, `"data":0`, `"null"`, string stream ids); every answer is compared with the seed's shape.
 */

const ID_18 = /^[1-9][0-9]{17}$/;

/** A bare socket.io 0.9 peer: raw frames in and out, nothing parsed for it. */
class RawClient {
  readonly frames: string[] = [];
  private waiters: Array<() => void> = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.frames.push(String(data));
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static async open(host: string): Promise<{ client: RawClient; handshake: string }> {
    const handshake = await (await fetch(`http://${host}/socket.io/1/?t=${Date.now()}`)).text();
    const ws = new WebSocket(`ws://${host}/socket.io/1/websocket/${handshake.split(':')[0]}`);
    const client = new RawClient(ws);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    return { client, handshake };
  }

  send(frame: string): void {
    this.ws.send(frame);
  }

  /** The first frame (already received or future) starting with `prefix` and passing `test`. */
  async next(prefix: string, test: (frame: string) => boolean = () => true, timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.find((f) => f.startsWith(prefix) && test(f));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no frame starting ${prefix}; got ${this.frames.map((f) => f.slice(0, 60)).join(' | ')}`);
      await new Promise<void>((wake) => {
        this.waiters.push(wake);
        setTimeout(wake, 100);
      });
    }
  }

  /** `5:::{"name":…}` frames of one event, decoded. */
  async event(name: string, test: (arg: Record<string, unknown>) => boolean = () => true): Promise<Record<string, unknown>> {
    const prefix = `5:::{"name":"${name}"`;
    const frame = await this.next(prefix, (f) => test(argOf(f)));
    return argOf(frame);
  }
}

function argOf(frame: string): Record<string, unknown> {
  return (JSON.parse(frame.slice(4)) as { args: [Record<string, unknown>] }).args[0];
}

/** The ack's JSON text exactly as sent, so 18-digit ids are compared as the server wrote them. */
function ackText(frame: string, id: number): string {
  expect(frame.startsWith(`6:::${id}+`)).toBe(true);
  return frame.slice(`6:::${id}+`.length);
}

const servers = serverPerTest();

async function joinRaw(host: string, restUrl: string, username: string): Promise<RawClient> {
  const token = decodeToken(await createToken(restUrl, { username, role: 'presenter' }));
  const { client } = await RawClient.open(host);
  await client.next('1::');
  // Seed step 3, with this server's token in the seed's key order.
  const { signature, host: tokenHost, tokenId, secure } = token;
  client.send(`5:1+::${JSON.stringify({ name: 'token', args: [{ signature, host: tokenHost, tokenId, secure }] })}`);
  const reply = JSON.parse(ackText(await client.next('6:::1+'), 1)) as [string, Record<string, unknown>];
  // Seed step 4: ["success",{"streams":[],"id":"58c7…","defaultVideoBW":300,"maxVideoBW":300,"iceServers":[…]}]
  expect(reply[0]).toBe('success');
  expect(Object.keys(reply[1])).toEqual(['streams', 'id', 'defaultVideoBW', 'maxVideoBW', 'iceServers']);
  expect(reply[1]).toMatchObject({ defaultVideoBW: 300, maxVideoBW: 300, id: expect.stringMatching(/^[0-9a-f]{24}$/) });
  return client;
}

describe('test server, Licode v3 (dialect A on socket.io 0.9)', () => {
  it("answers the seed conversation in the seed's shapes", async () => {
    const h = await servers.start({ dialect: 'A', aVersion: 'v3' });
    const host = h.server.controllerHost;

    // Seed step 2: the handshake `AjscRy-Q3Dx6N1l6l59R:60:60:websocket`.
    const probe = await RawClient.open(host);
    expect(probe.handshake).toMatch(/^[A-Za-z0-9_-]{10,}:60:60:websocket$/);
    probe.client.ws.close();

    const lili = await joinRaw(host, h.server.restUrl, 'lili');
    servers.closeLater(() => lili.ws.close());
    // Seed step 5, byte for byte: the blog client's strings and the "null" second argument.
    lili.send(
      '5:2+::{"name":"publish","args":[{"data":0,"audio":"true","state":"erizo","video":"true","attributes":{"name":"lili","actualName":"lili","type":"public"}},"null"]}',
    );
    // Seed step 6: `[219328436604859780]`, then `started` with the id as a number.
    const idText = ackText(await lili.next('6:::2+'), 2);
    expect(idText).toMatch(/^\[[1-9][0-9]{17}\]$/);
    const id = idText.slice(1, -1);
    const started = await lili.next('5:::{"name":"signaling_message_erizo"', (f) => f.includes('"started"'));
    expect(started).toBe(`5:::{"name":"signaling_message_erizo","args":[{"mess":{"type":"started"},"streamId":${id}}]}`);

    // Seed step 8: the offer with the id as text and "null"; step 9: the answer, candidates inside, id as a number.
    lili.send(`5:3+::${JSON.stringify({ name: 'signaling_message', args: [{ msg: { type: 'offer', sdp: clientOffer('sendonly') }, streamId: id }, 'null'] })}`);
    const answer = await lili.event('signaling_message_erizo', (a) => (a.mess as { type: string }).type === 'answer');
    expect(Object.keys(answer)).toEqual(['mess', 'streamId']);
    expect((answer.mess as { sdp: string }).sdp).toMatch(/^v=0\n[\s\S]*s=LicodeMCU\n[\s\S]*a=candidate:/);
    // The candidate step, as the seed sent it.
    lili.send(
      `5:4+::${JSON.stringify({
        name: 'signaling_message',
        args: [
          {
            msg: {
              type: 'candidate',
              candidate: { sdpMLineIndex: 0, sdpMid: 'audio', candidate: 'a=candidate:2400357177 1 udp 2122262783 127.0.0.1 65079 typ host generation 0' },
            },
            streamId: id,
          },
          'null',
        ],
      })}`,
    );
    // Steps 11 and 12: onAddStream echoing the publisher's forms, then ready.
    const added = await lili.next('5:::{"name":"onAddStream"');
    expect(added).toBe(
      `5:::{"name":"onAddStream","args":[{"id":${id},"audio":"true","video":"true","data":0,"attributes":{"name":"lili","actualName":"lili","type":"public"}}]}`,
    );
    expect(await lili.next('5:::{"name":"signaling_message_erizo"', (f) => f.includes('"ready"'))).toBe(
      `5:::{"name":"signaling_message_erizo","args":[{"mess":{"type":"ready"},"streamId":${id}}]}`,
    );
    // signaling_message is never acknowledged (§8 #24n).
    expect(lili.frames.some((f) => f.startsWith('6:::3') || f.startsWith('6:::4'))).toBe(false);

    // "Subscribe to a remote stream": a second user publishes; lili sees `{"id","audio","video","data","screen":""}`.
    const tom = await joinRaw(host, h.server.restUrl, 'tom');
    tom.send('5:2+::{"name":"publish","args":[{"state":"erizo","audio":true,"video":true,"data":true,"screen":""},null]}');
    const tomId = ackText(await tom.next('6:::2+'), 2).slice(1, -1);
    expect(tomId).toMatch(ID_18);
    tom.send(
      `5:3+::${JSON.stringify({ name: 'signaling_message', args: [{ streamId: Number(tomId), msg: { type: 'offer', sdp: clientOffer('sendonly') } }, null] })}`,
    );
    const tomAdded = await lili.next(`5:::{"name":"onAddStream","args":[{"id":${tomId}`);
    expect(tomAdded).toBe(`5:::{"name":"onAddStream","args":[{"id":${tomId},"audio":true,"video":true,"data":true,"screen":""}]}`);
    // Subscribe step 2 with the seed's text id and "null"; step 3: `[true]`, then `started` for the peer.
    lili.send(`5:5+::{"name":"subscribe","args":[{"streamId":"${tomId}"},"null"]}`);
    expect(ackText(await lili.next('6:::5+'), 5)).toBe('[true]');
    const peerStarted = await lili.event('signaling_message_erizo', (a) => 'peerId' in a && (a.mess as { type: string }).type === 'started');
    // v3 echoes the subscriber's own streamId; this server always writes the number (the id is the same stream).
    expect(String(peerStarted.peerId)).toBe(tomId);
    lili.send(
      `5:6+::${JSON.stringify({ name: 'signaling_message', args: [{ streamId: tomId, msg: { type: 'offer', sdp: clientOffer('recvonly') } }, 'null'] })}`,
    );
    await lili.event('signaling_message_erizo', (a) => 'peerId' in a && (a.mess as { type: string }).type === 'answer');
    await lili.event('signaling_message_erizo', (a) => 'peerId' in a && (a.mess as { type: string }).type === 'ready');

    // "Remove a remote stream": tom leaves with `0::`; lili gets `{"name":"onRemoveStream","args":[{"id":…}]}`.
    tom.send('0::');
    expect(await lili.next(`5:::{"name":"onRemoveStream"`)).toBe(`5:::{"name":"onRemoveStream","args":[{"id":${tomId}}]}`);
  });

  it('refuses a garbage token with the A error, keeps heartbeats and ignores hostile frames', async () => {
    const h = await servers.start({ dialect: 'A', aVersion: 'v3' });
    const { client } = await RawClient.open(h.server.controllerHost);
    servers.closeLater(() => client.ws.close());
    await client.next('1::');
    for (const hostile of [
      '9::',
      '5:99999999999999999999+::{"name":"token","args":[]}',
      '5:1+::{"name":"token","args":[{',
      '5:1+:/other:{"name":"token","args":[]}',
      'garbage',
    ])
      client.send(hostile);
    client.send('2::');
    client.send('5:7+::{"name":"token","args":[{"tokenId":"x","host":"h","secure":false,"signature":"bad"}]}');
    expect(ackText(await client.next('6:::7+'), 7)).toBe('["error","Authentication error"]');
    expect(await client.next('0::')).toBe('0::');
    expect(client.frames.filter((f) => f.startsWith('6:::')).length).toBe(1); // nothing else was acted on
  });
});
