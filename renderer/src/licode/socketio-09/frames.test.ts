import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, MAX_FRAME_CHARS, parseHandshake, type Frame09 } from './frames';

/** The seed conversation's frames (shared/seed/licode-client-server-interaction.md), as 0.9 put them on the wire. */
const SEED = {
  token:
    '5:1+::{"name":"token","args":[{"signature":"N2E1NzRkMWQwZGRlOWM4MjNkZWU2MGJmMjFlNTdlMTBjM2YxMjE0Yw==","host":"45.77.0.189:8081","tokenId":"58e72d91c95d1d438a9f109e","secure":false}]}',
  tokenReply:
    '6:::1+["success",{"streams":[],"id":"58c7975b1a6acd1f81b9ed2e","defaultVideoBW":300,"maxVideoBW":300,"iceServers":[{"username":"tom","credential":"tom","url":"turn:104.198.87.161:8085"}]}]',
  publish:
    '5:2+::{"name":"publish","args":[{"data":0,"audio":"true","state":"erizo","video":"true","attributes":{"name":"lili","actualName":"lili","type":"public"}},"null"]}',
  publishReply: '6:::2+[219328436604859780]',
  started: '5:::{"name":"signaling_message_erizo","args":[{"mess":{"type":"started"},"streamId":219328436604859780}]}',
  onAddStream: '5:::{"name":"onAddStream","args":[{"id":275079030538886180,"audio":true,"video":true,"data":true,"screen":""}]}',
  subscribe: '5:3+::{"name":"subscribe","args":[{"streamId":"275079030538886180"},"null"]}',
  subscribeReply: '6:::3+[true]',
  startedPeer: '5:::{"name":"signaling_message_erizo","args":[{"mess":{"type":"started"},"peerId":"275079030538886180"}]}',
  onRemoveStream: '5:::{"name":"onRemoveStream","args":[{"id":275079030538886180}]}',
};

function decoded(text: string): Frame09 {
  const result = decodeFrame(text);
  if (!result.ok) throw new Error(result.message);
  return result.frame;
}

describe('socket.io 0.9 frames: the seed conversation as vectors', () => {
  it('reads the token event with its data ack id and the success reply', () => {
    expect(decoded(SEED.token)).toMatchObject({ type: 'event', name: 'token', ackId: 1, ackWithData: true, endpoint: '' });
    const reply = decoded(SEED.tokenReply);
    expect(reply).toMatchObject({ type: 'ack', ackId: 1 });
    expect(reply.type === 'ack' && reply.args[0]).toBe('success');
    expect(reply.type === 'ack' && reply.args[1]).toMatchObject({ id: '58c7975b1a6acd1f81b9ed2e', streams: [] });
  });

  it("reads publish with the blog client's string forms and the 18-digit id reply", () => {
    const publish = decoded(SEED.publish);
    expect(publish.type === 'event' && publish.args).toEqual([
      { data: 0, audio: 'true', state: 'erizo', video: 'true', attributes: { name: 'lili', actualName: 'lili', type: 'public' } },
      'null',
    ]);
    const reply = decoded(SEED.publishReply);
    // The id is kept as the double JSON.parse makes of it (§8 #1): it prints back as the same decimal.
    expect(reply.type === 'ack' && JSON.stringify(reply.args)).toBe('[219328436604859780]');
  });

  it('reads server events without ack ids', () => {
    for (const text of [SEED.started, SEED.onAddStream, SEED.startedPeer, SEED.onRemoveStream]) {
      const frame = decoded(text);
      expect(frame.type).toBe('event');
      expect(frame.type === 'event' && frame.ackId).toBeUndefined();
    }
    expect(decoded(SEED.subscribe)).toMatchObject({ name: 'subscribe', ackId: 3, args: [{ streamId: '275079030538886180' }, 'null'] });
    expect(decoded(SEED.subscribeReply)).toEqual({ type: 'ack', ackId: 3, args: [true] });
  });

  it('encodes back byte for byte', () => {
    for (const text of Object.values(SEED)) expect(encodeFrame(decoded(text))).toBe(text);
  });

  it('writes an undefined argument as null, as 0.9 did (the "null second argument", §2.1)', () => {
    expect(encodeFrame({ type: 'event', endpoint: '', name: 'publish', args: [{ state: 'erizo' }, undefined], ackId: 7, ackWithData: true })).toBe(
      '5:7+::{"name":"publish","args":[{"state":"erizo"},null]}',
    );
  });

  it('encodes and decodes the control frames', () => {
    expect(decoded('1::')).toEqual({ type: 'connect', endpoint: '' });
    expect(decoded('2::')).toEqual({ type: 'heartbeat' });
    expect(decoded('0::')).toEqual({ type: 'disconnect', endpoint: '' });
    expect(decoded('8::')).toEqual({ type: 'noop' });
    expect(decoded('3:::hello: world')).toEqual({ type: 'message', endpoint: '', text: 'hello: world' });
    expect(decoded('4:::{"a":1}')).toEqual({ type: 'json', endpoint: '', value: { a: 1 } });
    expect(decoded('7:::2+0')).toEqual({ type: 'error', endpoint: '', reason: 'unauthorized', advice: 'reconnect' });
    expect(decoded('6:::4')).toEqual({ type: 'ack', ackId: 4, args: [] });
    expect(encodeFrame({ type: 'ack', ackId: 4, args: [] })).toBe('6:::4');
    expect(encodeFrame({ type: 'heartbeat' })).toBe('2::');
    expect(encodeFrame({ type: 'disconnect', endpoint: '' })).toBe('0::');
    expect(encodeFrame({ type: 'error', endpoint: '', reason: 'unauthorized', advice: 'reconnect' })).toBe('7:::2+0');
  });

  it('keeps the endpoint so the socket can ignore other namespaces', () => {
    expect(decoded('5::/chat:{"name":"onAddStream","args":[{"id":1}]}')).toMatchObject({ endpoint: '/chat', name: 'onAddStream' });
    expect(decoded('1::/chat')).toEqual({ type: 'connect', endpoint: '/chat' });
  });
});

describe('socket.io 0.9 frames: hostile input', () => {
  const refused = (text: string): string => {
    const result = decodeFrame(text);
    if (result.ok) throw new Error(`accepted ${text.slice(0, 60)}`);
    return result.message;
  };

  it('refuses an unknown type and text that is not a frame', () => {
    expect(refused('9::')).toMatch(/unknown socket\.io 0\.9 frame type 9/);
    expect(refused('')).toMatch(/not a socket\.io 0\.9 frame/);
    expect(refused('42["onAddStream",{}]')).toMatch(/not a socket\.io 0\.9 frame/);
    expect(refused('x::')).toMatch(/not a socket\.io 0\.9 frame/);
  });

  it('refuses huge ack ids in events and acks', () => {
    expect(refused('5:99999999999999999999+::{"name":"token","args":[]}')).toMatch(/out of range/);
    expect(refused('5:4294967296+::{"name":"token","args":[]}')).toMatch(/out of range/);
    expect(refused('6:::99999999999999999999+[true]')).toMatch(/out of range/);
    expect(refused('6:::-1+[true]')).toMatch(/without an ack id/);
  });

  it('refuses truncated or wrongly shaped JSON', () => {
    expect(refused('5:::{"name":"onAddStream","args":[{"id":1}')).toMatch(/broken JSON/);
    expect(refused('6:::1+["success",{')).toMatch(/broken JSON/);
    expect(refused('4:::{')).toMatch(/broken JSON/);
    expect(refused('5:::["onAddStream"]')).toMatch(/not a \{"name","args"\} object/);
    expect(refused('5:::{"args":[]}')).toMatch(/without an event name/);
    expect(refused('5:::{"name":"x","args":{"0":1}}')).toMatch(/args are not a list/);
    expect(refused('6:::1+{"a":1}')).toMatch(/not a list/);
  });

  it('refuses oversized frames before reading them', () => {
    const big = `5:::{"name":"onDataStream","args":[{"id":1,"msg":"${'x'.repeat(MAX_FRAME_CHARS)}"}]}`;
    expect(refused(big)).toMatch(/larger than the 1000000 allowed/);
  });

  it('treats a missing args list as no arguments (0.9 senders leave it out)', () => {
    expect(decoded('5:::{"name":"ping"}')).toEqual({ type: 'event', endpoint: '', name: 'ping', args: [] });
  });
});

describe('socket.io 0.9 handshake body', () => {
  it("reads the seed's form and a v3 controller's (§8 #24n)", () => {
    expect(parseHandshake('AjscRy-Q3Dx6N1l6l59R:60:60:websocket')).toEqual({
      sid: 'AjscRy-Q3Dx6N1l6l59R',
      heartbeatTimeoutS: 60,
      closeTimeoutS: 60,
      transports: ['websocket'],
    });
    expect(parseHandshake('1234567890123456789:60:60:websocket,xhr-polling')?.transports).toEqual(['websocket', 'xhr-polling']);
    expect(parseHandshake('abc:::websocket')).toMatchObject({ heartbeatTimeoutS: null, closeTimeoutS: null });
  });

  it('is null for what other servers answer', () => {
    expect(parseHandshake('Welcome to socket.io.')).toBeNull();
    expect(parseHandshake('{"code":0,"message":"Transport unknown"}')).toBeNull();
    expect(parseHandshake('<html></html>')).toBeNull();
    expect(parseHandshake('')).toBeNull();
  });
});
