import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, loopbackPolicy } from './loopback-guard';

function request(headers: Record<string, string>): IncomingMessage {
  return { headers } as unknown as IncomingMessage;
}

describe('loopbackPolicy', () => {
  const policy = loopbackPolicy(['licode-test.local']);

  it.each([
    ['127.0.0.1:3001', undefined],
    ['localhost', undefined],
    ['LOCALHOST:8080', undefined],
    ['[::1]:3002', undefined],
    ['licode-test.local:3001', undefined],
    ['127.0.0.1:3001', 'http://127.0.0.1:5199'],
    ['127.0.0.1:3001', 'http://localhost:4173'],
    ['127.0.0.1:3001', 'https://[::1]:8443'],
    ['127.0.0.1:3001', 'http://licode-test.local:5199'],
    ['127.0.0.1:3001', APP_ORIGIN],
  ])('lets Host %s with Origin %s pass', (host, origin) => {
    expect(policy(request(origin === undefined ? { host } : { host, origin }))).toBeUndefined();
  });

  it.each([
    ['evil.example', undefined, /Host "evil\.example"/],
    ['evil.example:3001', 'http://127.0.0.1:5199', /Host "evil\.example:3001"/],
    ['127.0.0.1.evil.example', undefined, /Host/],
    ['127.0.0.1@evil.example', undefined, /Host/],
    ['', undefined, /no Host/],
    ['127.0.0.1:3001', 'http://evil.example', /origin "http:\/\/evil\.example"/],
    ['127.0.0.1:3001', 'null', /origin "null"/],
    ['127.0.0.1:3001', 'file://', /origin/],
    ['127.0.0.1:3001', 'app://evil', /origin/],
    ['127.0.0.1:3001', 'ftp://127.0.0.1', /origin/],
    ['127.0.0.1:3001', 'not a url', /origin/],
  ])('refuses Host %s with Origin %s', (host, origin, reason) => {
    expect(policy(request(origin === undefined ? { host } : { host, origin }))).toMatch(reason);
  });

  it('refuses configured hosts that are not host names, with a clear message', () => {
    expect(() => loopbackPolicy(['http://licode.local'])).toThrow(/"http:\/\/licode\.local" is not a host name/);
    expect(() => loopbackPolicy(['licode.local:3001'])).toThrow(/not a host name/);
  });
});
