/**
 * The first screens (home, server form, pre-join) start from a small bundle: the call screen, the Licode client
 * library and both socket.io clients load only when a call starts (renderer/src/screens/call-screen.ts).
 * Reads the production build, which `npm test` makes before the unit tests.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const RENDERER = join(import.meta.dirname, '..', '..', 'out', 'renderer');
/** Issue 17's budget for what the first screen downloads before it can show anything. */
const INITIAL_GZIP_BUDGET = 60 * 1024;

const built = existsSync(join(RENDERER, 'index.html'));

function entryScript(): string {
  const html = readFileSync(join(RENDERER, 'index.html'), 'utf8');
  const src = /<script type="module"[^>]*\ssrc="\.\/([^"]+)"/.exec(html)?.[1];
  if (!src) throw new Error('index.html has no module script');
  return readFileSync(join(RENDERER, src), 'utf8');
}

describe.skipIf(!built)('initial renderer bundle (run `npm run build` first)', () => {
  it(`stays within ${INITIAL_GZIP_BUDGET / 1024} KB gzip`, () => {
    const size = gzipSync(entryScript(), { level: 9 }).length;
    expect(size, `initial bundle is ${(size / 1024).toFixed(1)} KB gzip`).toBeLessThanOrEqual(INITIAL_GZIP_BUDGET);
  });

  it('holds neither the Licode client library nor a socket.io client nor WebRTC code', () => {
    const entry = entryScript();
    for (const marker of ['signaling_message', 'connection_message_erizo', 'engine.io', 'RTCPeerConnection']) expect(entry).not.toContain(marker);
  });
});
