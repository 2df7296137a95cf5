import { describe, expect, it } from 'vitest';
import { FALLBACK_ROLES, SHIPPED_ROLES } from '../config';
import { hasRight, mayControl, mayPublishOrSubscribe } from '../rooms/permissions';
import { StreamIdGenerator } from '../rooms/stream-ids';
import { signToken, TokenService } from '../tokens/token-service';

describe('stream ids (§8.1, §9.1)', () => {
  it('are 18-digit integer-valued doubles ≥ 1e17, half of them in [2^57, 2^59) where the shortest decimal is not exact', () => {
    const ids = new StreamIdGenerator();
    const drawn = Array.from({ length: 400 }, () => ids.next());
    expect(new Set(drawn).size).toBe(drawn.length);
    for (const id of drawn) {
      expect(Number.isInteger(id)).toBe(true);
      expect(id).toBeGreaterThanOrEqual(1e17);
      expect(String(id)).toMatch(/^[1-9]\d{17}$/);
    }
    const inRange = drawn.filter((id) => id >= 2 ** 57 && id < 2 ** 59);
    expect(inRange.length).toBeGreaterThanOrEqual(200);
    // JSON prints the shortest round-tripping decimal, which for most of these is not the exact binary value.
    expect(inRange.some((id) => BigInt(String(id)) !== BigInt(id))).toBe(true);
    for (const id of drawn) expect(JSON.parse(JSON.stringify({ id })).id).toBe(id);
  });
});

describe('roles (§6.4)', () => {
  it('applies object-valued rights per requested media kind', () => {
    expect(mayPublishOrSubscribe(SHIPPED_ROLES, 'viewerWithData', 'publish', { data: true, audio: false, video: false })).toBe(true);
    expect(mayPublishOrSubscribe(SHIPPED_ROLES, 'viewerWithData', 'publish', { data: true, video: true })).toBe(false);
    expect(mayPublishOrSubscribe(SHIPPED_ROLES, 'viewerWithData', 'publish', { screen: true })).toBe(false);
    // Only `true` counts as a request: a constraints object for video is not checked (as read).
    expect(mayPublishOrSubscribe(SHIPPED_ROLES, 'viewerWithData', 'publish', { video: { width: 640 } })).toBe(true);
    expect(mayPublishOrSubscribe(SHIPPED_ROLES, 'viewer', 'publish', { data: true })).toBe(false);
    expect(mayPublishOrSubscribe(SHIPPED_ROLES, 'viewer', 'subscribe', { audio: true })).toBe(true);
  });

  it('distinguishes the shipped and fallback tables and gives unknown roles nothing', () => {
    expect(hasRight(SHIPPED_ROLES, 'presenter', 'stats')).toBe(true);
    expect(hasRight(FALLBACK_ROLES, 'presenter', 'stats')).toBe(false);
    expect(mayControl(SHIPPED_ROLES, 'presenter', 'controlhandlers', true)).toBe(true);
    expect(mayControl(FALLBACK_ROLES, 'presenter', 'controlhandlers', false)).toBe(false);
    for (const role of ['__proto__', 'constructor', 'toString', 'admin', '']) {
      expect(hasRight(SHIPPED_ROLES, role, 'publish')).toBe(false);
      expect(mayPublishOrSubscribe(SHIPPED_ROLES, role, 'subscribe', {})).toBe(false);
    }
  });
});

describe('tokens (§6.3)', () => {
  const record = { userName: 'a', role: 'presenter', roomId: 'r', mediaConfiguration: 'default', secure: false, host: '127.0.0.1:8080' };

  it('signs base64 of the lower-case hex HMAC-SHA1 of "tokenId,host" (value computed with openssl)', () => {
    expect(signToken('superkey', 't1', 'h1:8080')).toBe('ZTkyYTdiOTVjYTViYTA2Zjk0ODIwYzliMmY5YTYwNGMzOWJiNzBjYQ==');
  });

  it('is single-use and swept lazily after 3 minutes', () => {
    let now = 0;
    const tokens = new TokenService('k', () => now);
    const decode = (t: string) => JSON.parse(Buffer.from(t, 'base64').toString('utf8')) as unknown;
    const first = decode(tokens.issue(record));
    const second = decode(tokens.issue(record));
    expect(tokens.check(first)).toMatchObject({ ok: true });
    expect(tokens.check(first)).toEqual({ ok: false, reason: 'Token does not exist' });
    const third = decode(tokens.issue(record));
    now = 181_000;
    // The check that runs the sweep still finds its own (expired) token…
    expect(tokens.check(second)).toMatchObject({ ok: true });
    // …but the sweep removed the other expired one.
    expect(tokens.check(third)).toEqual({ ok: false, reason: 'Token does not exist' });
  });

  it('refuses malformed tokens with "Authentication error" without consuming anything', () => {
    const tokens = new TokenService('k');
    for (const bad of [null, 'x', 42, [], {}, { tokenId: 1, host: 'h', signature: 's' }, { tokenId: 't', host: 'h', signature: 's' }]) {
      expect(tokens.check(bad)).toEqual({ ok: false, reason: 'Authentication error' });
    }
    tokens.issue(record);
    expect(tokens.size).toBe(1);
  });
});
