import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';

/**
 * Request bodies: every listener stops reading at 64 kB (413, connection closed, nothing more buffered), and the admin
 * API takes POSTs and bodies only as JSON (415), which a page's no-cors fetch cannot send.
 */

/** Stop flooding after this much: a listener that has not answered by then is buffering the body. */
const FLOOD_CAP_BYTES = 48 * 1024 * 1024;
const CHUNK = Buffer.alloc(256 * 1024, 0x61);

interface FloodResult {
  status: number;
  bytesSent: number;
  closed: boolean;
}

/**
 * POST an endless body on a raw socket (declared as 300 MB, or chunked) until the server answers or closes, then
 * wait for the connection to close.
 */
function flood(baseUrl: string, path: string, framing: 'content-length' | 'chunked'): Promise<FloodResult> {
  const url = new URL(baseUrl);
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    let response = '';
    let bytesSent = 0;
    let closed = false;
    const status = () => Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? 0);
    const finish = () => resolve({ status: status(), bytesSent, closed });
    socket.on('data', (data) => (response += data.toString('latin1')));
    socket.on('error', () => undefined); // a reset after the reply is what a closed connection looks like mid-upload
    socket.on('close', () => {
      closed = true;
      clearTimeout(timer);
      finish();
    });
    // A server that neither answers nor closes within 5 s of the flood's end is holding the body.
    let timer: NodeJS.Timeout | undefined;
    const length = framing === 'content-length' ? 'Content-Length: 300000000' : 'Transfer-Encoding: chunked';
    socket.write(`POST ${path} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\n${length}\r\n\r\n`);
    const pump = (): void => {
      while (!closed && status() === 0 && bytesSent < FLOOD_CAP_BYTES) {
        const frame = framing === 'chunked' ? Buffer.concat([Buffer.from(`${CHUNK.length.toString(16)}\r\n`), CHUNK, Buffer.from('\r\n')]) : CHUNK;
        bytesSent += CHUNK.length;
        if (!socket.write(frame)) {
          socket.once('drain', pump);
          return;
        }
      }
      timer = setTimeout(() => (socket.destroy(), finish()), 5000);
    };
    pump();
  });
}

describe.each(['A', 'C'] as const)('dialect %s request bodies', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ dialect });
  });
  afterAll(async () => {
    await h.server.close();
  });

  it.each(['content-length', 'chunked'] as const)('REST and admin answer a huge body (%s) with 413 and close the connection', async (framing) => {
    for (const [base, path] of [
      [h.server.restUrl, '/createToken/'],
      [h.server.adminUrl, '/bots'],
    ] as const) {
      const result = await flood(base, path, framing);
      expect(result, `${path} ${framing}`).toMatchObject({ status: 413, closed: true });
      // Only what the socket buffers held before the answer: nowhere near the flood's cap.
      expect(result.bytesSent).toBeLessThan(16 * 1024 * 1024);
    }
    expect((await h.admin.state()).rooms.flatMap((room) => room.streams)).toEqual([]);
  });

  it('admin refuses POSTs and bodies that are not JSON with 415 (what a no-cors fetch sends), and does nothing', async () => {
    const post = (path: string, headers: Record<string, string>, body?: string) => fetch(`${h.server.adminUrl}${path}`, { method: 'POST', headers, body });
    for (const type of ['text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await post('/tokens/refuse', { 'content-type': type }, '{"count":3,"reason":"createToken"}');
      expect(res.status, type).toBe(415);
      expect(((await res.json()) as { error: string }).error).toMatch(/Content-Type: application\/json/);
    }
    expect((await post('/restart', {})).status).toBe(415);
    expect((await post('/bots', {})).status).toBe(415);
    const res = await fetch(`${h.server.restUrl}/createToken/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'still', role: 'presenter' }),
    });
    expect(res.status).toBe(200);
    expect((await post('/tokens/age', { 'content-type': 'application/json; charset=utf-8' }, '{"ms":1}')).status).toBe(200);
  });
});
