import { describe, expect, it } from 'vitest';
import { decodeLicodeToken, isControllerHost, isLoopbackControllerHost } from './licode-token';

const GOOD = { tokenId: '5f2b8c1e9d3a4b6c7d8e9f01', host: 'ec.example.com:8080', secure: true, signature: 'ZjE0YmM0YTY3ZGQ2ZDUzN2M0ZWQ=' };
const b64 = (value: unknown) => btoa(JSON.stringify(value));

describe('decodeLicodeToken (shared by main and the Licode library)', () => {
  it('decodes a Nuve token, trimmed, keeping the raw object', () => {
    const result = decodeLicodeToken(` ${b64({ ...GOOD, extra: 1 })}\n`);
    expect(result).toEqual({ ok: true, token: { fields: GOOD, raw: { ...GOOD, extra: 1 }, text: b64({ ...GOOD, extra: 1 }) } });
  });

  it('normalises secure given as text, and accepts URL-safe base64 without padding', () => {
    const text = b64({ ...GOOD, secure: 'false' })
      .replace(/=+$/, '')
      .replace(/\+/g, '-')
      .replace(/\//g, '_');
    const result = decodeLicodeToken(text);
    expect(result.ok && result.token.fields.secure).toBe(false);
  });

  it.each([
    ['a number', 42, 'not-a-token'],
    ['empty text', '  ', 'not-a-token'],
    ['not base64', 'not*base64!', 'not-a-token'],
    ['base64 of text', btoa('hello'), 'not-a-token'],
    ['base64 of an array', b64([GOOD]), 'not-a-token'],
    ['a far too long text', 'A'.repeat(5000), 'not-a-token'],
    ['a foreign JSON object', b64({ error: 'unknown' }), 'foreign-object'],
    ['a missing signature', b64({ ...GOOD, signature: undefined }), 'bad-fields'],
    ['credentials in host', b64({ ...GOOD, host: 'user@host:1' }), 'bad-fields'],
    ['port 99999', b64({ ...GOOD, host: 'host:99999' }), 'bad-fields'],
    ['a tokenId with a newline', b64({ ...GOOD, tokenId: 'a\nb' }), 'bad-fields'],
  ])('refuses %s', (_name, input, problem) => {
    const result = decodeLicodeToken(input);
    expect(result).toMatchObject({ ok: false, problem });
    if (!result.ok) expect(result.message).toMatch(/^The (token|answer)/);
  });

  it('knows a controller host from a URL fragment', () => {
    for (const good of ['h', 'h:1', 'h:65535', '10.0.0.1:80', '[::1]:8080', '[2001:db8::1]', 'a-b.c-d.example'])
      expect(isControllerHost(good), good).toBe(true);
    for (const bad of ['', ':80', 'h:0', 'h:65536', 'h:', 'h:1:2', 'h/p', 'h?x', 'h#x', 'u@h', 'h h', '-h', 'h-', '[::1', `${'a'.repeat(64)}.com`]) {
      expect(isControllerHost(bad), bad).toBe(false);
    }
  });

  it('knows controllers on this machine', () => {
    expect(['127.0.0.1:8080', 'localhost', '[::1]:80', '127.1.2.3'].every(isLoopbackControllerHost)).toBe(true);
    expect(['10.0.0.1:8080', 'localhost.example.com', '[::2]:80'].some(isLoopbackControllerHost)).toBe(false);
  });
});
