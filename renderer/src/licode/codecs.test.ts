import { describe, expect, it } from 'vitest';
import { interpretAck, readPublishAck, readSubscribeAck } from './acks';
import { Backoff } from './backoff';
import { TypedEmitter } from './emitter';
import { LicodeError } from './errors';
import { isFlagSet } from './flags';
import { normaliseIceServers } from './ice-servers';
import { parseJoinInfo, parseServerEvent, toRemoteStreamInfo } from './messages';
import { controllerUrl, decodeToken, tokenQuery } from './token';

const bytesToB64 = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes));
const b64 = (value: unknown): string => bytesToB64(new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value)));
const GOOD = { tokenId: '5f1e2d3c4b5a69788796a5b4', host: '127.0.0.1:8080', secure: false, signature: 'NmQ=' };

describe('decodeToken', () => {
  it('decodes a Licode token and keeps the raw object for dialect A', () => {
    const token = decodeToken(`  ${b64(GOOD)}\n`);
    expect(token).toMatchObject({ tokenId: GOOD.tokenId, host: GOOD.host, secure: false, signature: 'NmQ=' });
    expect(token.raw).toEqual(GOOD);
    expect(controllerUrl(token)).toBe('ws://127.0.0.1:8080');
    expect(controllerUrl(decodeToken(b64({ ...GOOD, secure: true })))).toBe('wss://127.0.0.1:8080');
    expect(tokenQuery(token)).toEqual({ tokenId: GOOD.tokenId, host: GOOD.host, secure: 'false', signature: 'NmQ=' });
  });

  it('accepts URL-safe base64 without padding and "true" strings', () => {
    const text = b64({ ...GOOD, secure: 'true', tokenId: '??>>' })
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
    expect(decodeToken(text).secure).toBe(true);
  });

  const hostile: Array<[string, unknown]> = [
    ['not a string', 42],
    ['empty', '   '],
    ['not base64', 'this is not base64!'],
    ['truncated base64', 'e'],
    ['not JSON', b64('hello')],
    ['JSON array', b64([1, 2])],
    ['JSON null', b64('null')],
    ['missing signature', b64({ tokenId: 'a', host: 'h:1', secure: false })],
    ['numeric tokenId', b64({ ...GOOD, tokenId: 5 })],
    ['host with a scheme', b64({ ...GOOD, host: 'http://evil:80' })],
    ['host with a path', b64({ ...GOOD, host: 'h:80/x' })],
    ['host with spaces', b64({ ...GOOD, host: 'a b:80' })],
    ['secure as object', b64({ ...GOOD, secure: {} })],
    ['invalid UTF-8', bytesToB64(new Uint8Array([0xff, 0xfe, 0x7b]))],
    ['huge', 'A'.repeat(20_000)],
    ['prototype pollution', b64('{"__proto__":{"x":1},"tokenId":"a","host":"h:1","secure":false}')],
  ];
  it.each(hostile)('refuses %s with a human token-invalid error', (_name, input) => {
    let caught: unknown;
    try {
      decodeToken(input);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(LicodeError);
    expect((caught as LicodeError).code).toBe('token-invalid');
    expect((caught as LicodeError).message).toMatch(/token/i);
  });
});

describe('flags (§8.2)', () => {
  it.each([
    [true, true],
    ['true', true],
    [{ width: 640 }, true],
    [1, true],
    [false, false],
    ['false', false],
    ['FALSE', false],
    ['', false],
    [undefined, false],
    [null, false],
    [0, false],
    [NaN, false],
  ])('isFlagSet(%j) = %s', (input, expected) => expect(isFlagSet(input)).toBe(expected));
});

describe('normaliseIceServers (§8 #9)', () => {
  it('maps url → urls, keeps credentials, drops junk', () => {
    expect(
      normaliseIceServers([
        { url: 'stun:127.0.0.1:3478' },
        { urls: ['turn:127.0.0.1:3478', 'javascript:alert(1)'], username: 'u', credential: 'c' },
        { url: 'http://x' },
        null,
        'stun:nope',
        { urls: 5 },
      ]),
    ).toEqual([{ urls: 'stun:127.0.0.1:3478' }, { urls: 'turn:127.0.0.1:3478', username: 'u', credential: 'c' }]);
    expect(normaliseIceServers(undefined)).toEqual([]);
    expect(normaliseIceServers({ url: 'stun:x' })).toEqual([]);
  });
});

describe('acks (§8.3 #12)', () => {
  it('reads publish acks of every generation', () => {
    const id = 123456789012345680;
    expect(readPublishAck([id])).toEqual({ ok: true, streamId: id });
    expect(readPublishAck([id, 'erizo'])).toEqual({ ok: true, streamId: id, erizoId: 'erizo' });
    expect(readPublishAck([id, 'erizo', 'conn'])).toEqual({ ok: true, streamId: id, erizoId: 'erizo', connectionId: 'conn' });
    expect(readPublishAck([null, 'Unauthorized'])).toEqual({ ok: false, message: 'Unauthorized' });
    expect(readPublishAck([null, null, 'ErizoJS is not reachable'])).toEqual({ ok: false, message: 'ErizoJS is not reachable' });
    expect(readPublishAck([])).toMatchObject({ ok: false });
    expect(readPublishAck(['123'])).toMatchObject({ ok: false });
    expect(readPublishAck([Infinity])).toMatchObject({ ok: false });
    expect(readPublishAck([null])).toMatchObject({ ok: false, message: expect.stringMatching(/refused/) });
  });
  it('reads subscribe acks and empty acks', () => {
    expect(readSubscribeAck([true, 'e', 'c'])).toEqual({ ok: true, erizoId: 'e', connectionId: 'c' });
    expect(readSubscribeAck([true, 5, {}])).toEqual({ ok: true });
    expect(readSubscribeAck([null, null, 'ErizoJS is not reachable'])).toEqual({ ok: false, message: 'ErizoJS is not reachable' });
    expect(interpretAck([], false)).toEqual({ ok: true, values: [] });
    expect(interpretAck(['error', 'Token does not exist'], true)).toEqual({ ok: false, message: 'Token does not exist' });
  });
});

describe('server message schemas', () => {
  it('keeps stream ids above 2^53 exactly as received and echoes the same literal', () => {
    const wire = '{"id":123456789012345680,"audio":"true","video":{"width":640},"data":"false","attributes":{"name":"alice"}}';
    const parsed = parseServerEvent('onAddStream', JSON.parse(wire));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const info = toRemoteStreamInfo(parsed.value);
    expect(info).toMatchObject({ audio: true, video: true, data: false, screen: false, attributes: { name: 'alice' } });
    expect(JSON.stringify({ streamId: info.id })).toBe('{"streamId":123456789012345680}');
    const ids = new Map([[info.id, 'x']]);
    expect(ids.get(JSON.parse('123456789012345680') as number)).toBe('x');
    // an id in the 2^57–2^59 range whose shortest decimal differs from its exact value
    const big = JSON.parse('{"id":576460752303423500}') as { id: number };
    expect(JSON.stringify(big)).toBe('{"id":576460752303423500}');
  });

  const malformed: Array<[Parameters<typeof parseServerEvent>[0], unknown]> = [
    ['onAddStream', { id: '123' }],
    ['onAddStream', null],
    ['onAddStream', 'x'],
    ['onRemoveStream', {}],
    ['onRemoveStream', { id: Infinity }],
    ['onDataStream', []],
    ['signaling_message_erizo', { mess: 'ready', streamId: 1 }],
    ['signaling_message_erizo', { mess: { type: 5 } }],
    ['connection_message_erizo', { connectionId: '', evt: { type: 'offer' } }],
    ['connection_message_erizo', { connectionId: 'c', evt: null }],
    ['onBandwidthAlert', { streamId: 1 }],
  ];
  it.each(malformed)('reports a malformed %s without throwing', (event, payload) => {
    const result = parseServerEvent(event, payload);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(event);
  });

  it('parses join replies of both dialects and rejects hostile ones', () => {
    const a = parseJoinInfo({ streams: [], id: 'room', defaultVideoBW: 300, maxVideoBW: 300, iceServers: [{ url: 'stun:x' }] });
    expect(a.ok).toBe(true);
    const c = parseJoinInfo({ streams: [{ id: 1e17 }], id: 'r', clientId: 'c', singlePC: '', streamPriorityStrategy: false, connectionTargetBw: 0 });
    expect(c.ok).toBe(true);
    expect(parseJoinInfo({ streams: 'none', id: 'r' }).ok).toBe(false);
    expect(parseJoinInfo({ streams: [{ id: null }], id: 'r' }).ok).toBe(false);
    expect(parseJoinInfo(undefined).ok).toBe(false);
    expect(parseJoinInfo({ streams: [], id: 'r', maxVideoBW: '300' }).ok).toBe(false);
  });

  it('treats non-object attributes as empty', () => {
    const parsed = parseServerEvent('onAddStream', { id: 1, attributes: 'evil' });
    expect(parsed.ok && toRemoteStreamInfo(parsed.value).attributes).toEqual({});
  });
});

describe('Backoff', () => {
  it('grows exponentially with jitter inside bounds and gives up when bounded', () => {
    const values = [0, 1, 0.5, 0.5];
    let i = 0;
    const backoff = new Backoff({ initialMs: 100, maxMs: 1000, jitter: 0.5, maxAttempts: 4, random: () => values[i++ % values.length]! });
    expect([backoff.next(), backoff.next(), backoff.next(), backoff.next(), backoff.next()]).toEqual([50, 300, 400, 800, null]);
    backoff.reset();
    expect(backoff.next()).toBe(50);
  });
  it('never gives up when unbounded and never exceeds maxMs', () => {
    const backoff = new Backoff({ initialMs: 10, maxMs: 200, maxAttempts: Infinity, random: () => 1 });
    for (let n = 0; n < 10_000; n++) {
      const d = backoff.next();
      expect(d).not.toBeNull();
      expect(d!).toBeLessThanOrEqual(200);
    }
  });
  it('sanitises nonsense options', () => {
    const backoff = new Backoff({ initialMs: -5, maxMs: NaN, factor: 0, jitter: 7, maxAttempts: -3 });
    expect(backoff.next()).toBeNull();
  });
});

describe('TypedEmitter', () => {
  it('isolates throwing listeners', () => {
    const errors: unknown[] = [];
    class E extends TypedEmitter<{ x: number }> {
      fire(n: number): void {
        this.emit('x', n);
      }
    }
    const e = new E((err) => errors.push(err));
    const seen: number[] = [];
    e.on('x', () => {
      throw new Error('boom');
    });
    const off = e.on('x', (n) => seen.push(n));
    e.once('x', (n) => seen.push(n * 10));
    expect(() => e.fire(1)).not.toThrow();
    off();
    e.fire(2);
    expect(seen).toEqual([1, 10]);
    expect(errors).toHaveLength(2);
  });
});
