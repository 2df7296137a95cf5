import { request } from 'node:http';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KioskStatus } from './status';
import { writeStatusFile } from './status-file';
import { startStatusServer } from './status-server';

function clock(start = Date.parse('2026-12-06T03:00:00.000Z')) {
  let now = start;
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

describe('kiosk status model', () => {
  it('records transitions with timestamps, counts reconnects and reloads, keeps since across repeats', () => {
    const time = clock();
    const status = new KioskStatus({ room: 'boardroom', appVersion: '0.1.0', now: time.now });
    time.advance(1000);
    status.transition('joining');
    time.advance(1000);
    status.transition('in-room');
    status.setMediaFlowing({ incoming: true, outgoing: true });
    time.advance(1000);
    status.transition('reconnecting', 'socket closed');
    time.advance(1000);
    status.transition('reconnecting', 'server unreachable');
    status.reportError('connect ECONNREFUSED 127.0.0.1:3001');
    time.advance(1000);
    status.transition('reloading', 'renderer crashed');
    const snapshot = status.snapshot();
    expect(snapshot).toMatchObject({
      state: 'reloading',
      room: 'boardroom',
      since: '2026-12-06T03:00:05.000Z',
      reconnectCount: 2,
      reloadCount: 1,
      mediaFlowing: { incoming: false, outgoing: false },
      lastError: { message: 'connect ECONNREFUSED 127.0.0.1:3001', at: '2026-12-06T03:00:04.000Z' },
      appVersion: '0.1.0',
    });
    expect(snapshot.history.map((entry) => [entry.state, entry.at.slice(17), entry.reason])).toEqual([
      ['starting', '00.000Z', undefined],
      ['joining', '01.000Z', undefined],
      ['in-room', '02.000Z', undefined],
      ['reconnecting', '03.000Z', 'socket closed'],
      ['reconnecting', '04.000Z', 'server unreachable'],
      ['reloading', '05.000Z', 'renderer crashed'],
    ]);
    status.transition('reconnecting');
    status.transition('reconnecting');
    expect(status.snapshot().since).toBe('2026-12-06T03:00:05.000Z');
  });

  it('bounds the history and the length of error texts', () => {
    const status = new KioskStatus({ room: 'r', appVersion: '1', historyLimit: 10 });
    for (let i = 0; i < 1000; i++) status.transition(i % 2 ? 'in-room' : 'reconnecting', 'x'.repeat(10_000));
    const snapshot = status.snapshot();
    expect(snapshot.history).toHaveLength(10);
    expect(snapshot.history[9]!.reason).toHaveLength(500);
    status.reportError('e'.repeat(1_000_000));
    expect(status.snapshot().lastError!.message).toHaveLength(500);
    expect(snapshot.reconnectCount).toBe(500);
  });

  it('notifies observers, and one throwing observer does not stop the others', () => {
    const status = new KioskStatus({ room: 'r', appVersion: '1' });
    const seen: string[] = [];
    status.onChange(() => {
      throw new Error('disk full');
    });
    const off = status.onChange((snapshot) => seen.push(snapshot.state));
    status.transition('joining');
    status.setDevices({ camera: { label: 'Logitech BRIO', matched: true } });
    off();
    status.transition('in-room');
    expect(seen).toEqual(['joining', 'joining']);
    expect(status.snapshot().devices).toEqual({ camera: { label: 'Logitech BRIO', matched: true }, microphone: null, speaker: null });
  });
});

function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('status endpoint on 127.0.0.1', () => {
  it('serves the snapshot as JSON without CORS, and refuses foreign Host headers (DNS rebinding)', async () => {
    const status = new KioskStatus({ room: 'boardroom', appVersion: '0.1.0' });
    status.transition('in-room');
    const server = await startStatusServer(status, 0);
    try {
      const ok = await get(server.port, '/status', { Origin: 'https://evil.example' });
      expect(ok.status).toBe(200);
      expect(ok.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(ok.headers['access-control-allow-origin']).toBeUndefined();
      expect(JSON.parse(ok.body)).toMatchObject({ state: 'in-room', room: 'boardroom', appVersion: '0.1.0' });
      expect((await get(server.port, '/status', { Host: `localhost:${server.port}` })).status).toBe(200);
      expect((await get(server.port, '/status', { Host: `evil.example:${server.port}` })).status).toBe(421);
      expect((await get(server.port, '/status', { Host: '127.0.0.1:1' })).status).toBe(421);
      expect((await get(server.port, '/other')).status).toBe(404);
      expect((await get(server.port, '/status', {}, 'POST')).status).toBe(405);
    } finally {
      await server.close();
    }
  });

  it('listens on loopback only and reports a taken port', async () => {
    const status = new KioskStatus({ room: 'r', appVersion: '1' });
    const first = await startStatusServer(status, 0);
    try {
      await expect(startStatusServer(status, first.port)).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.close();
    }
  });
});

describe('status file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-status-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('holds the latest snapshot after a burst of changes, written atomically (no temporary left behind)', async () => {
    const status = new KioskStatus({ room: 'boardroom', appVersion: '0.1.0' });
    const path = join(dir, 'status.json');
    const errors: unknown[] = [];
    const file = writeStatusFile(status, path, (error) => errors.push(error));
    for (let i = 0; i < 200; i++) status.transition(i % 2 ? 'reconnecting' : 'joining', `attempt ${i}`);
    status.transition('in-room');
    await file.flush();
    const written = JSON.parse(readFileSync(path, 'utf8')) as { state: string; history: unknown[] };
    expect(written.state).toBe('in-room');
    expect(written).toEqual(status.snapshot());
    expect(readdirSync(dir)).toEqual(['status.json']);
    await file.stop();
    status.transition('offline');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(JSON.parse(readFileSync(path, 'utf8')).state).toBe('in-room');
    expect(errors).toEqual([]);
  });

  it('reports a folder it cannot write to instead of throwing', async () => {
    const status = new KioskStatus({ room: 'r', appVersion: '1' });
    const errors: unknown[] = [];
    const file = writeStatusFile(status, join(dir, 'missing-folder', 'status.json'), (error) => errors.push(error));
    await file.stop();
    expect(String(errors[0])).toContain('ENOENT');
  });
});
