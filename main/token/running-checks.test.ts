import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RunningChecks } from './running-checks';
import { createToken, TokenError } from './token-service';

let server: Server | undefined;
let openRequests = 0;
afterEach(async () => {
  server?.closeAllConnections();
  if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
  server = undefined;
});

/** A token server that accepts the request and never answers (a slow server under test). */
async function silentServer(): Promise<string> {
  openRequests = 0;
  server = createServer((req) => {
    openRequests += 1;
    req.on('close', () => (openRequests -= 1));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const check = (serverUrl: string, signal: AbortSignal | undefined) =>
  createToken({ serverUrl, room: 'basicExampleRoom', username: 'check', role: 'presenter' }, signal ? { signal } : {});

describe('RunningChecks', () => {
  it('cancels a check in flight at once and closes its HTTP request', async () => {
    const url = await silentServer();
    const checks = new RunningChecks();
    const started = Date.now();
    const result = checks.run('check-abcdefgh', (signal) => check(url, signal)).catch((error: unknown) => error);
    await expect.poll(() => openRequests).toBe(1);
    checks.cancel('check-abcdefgh');
    const error = await result;
    expect(error).toBeInstanceOf(TokenError);
    expect((error as TokenError).code).toBe('cancelled');
    expect(Date.now() - started).toBeLessThan(2_000);
    await expect.poll(() => openRequests).toBe(0);
    expect(checks.size).toBe(0);
  });

  it('leaves other checks running and ignores unknown ids', async () => {
    const url = await silentServer();
    const checks = new RunningChecks();
    const first = checks.run('check-first-01', (signal) => check(url, signal)).catch((error: unknown) => error);
    const second = checks.run('check-second-2', (signal) => check(url, signal)).catch((error: unknown) => error);
    await expect.poll(() => openRequests).toBe(2);
    checks.cancel('check-unknown1');
    checks.cancel('check-first-01');
    expect(((await first) as TokenError).code).toBe('cancelled');
    expect(checks.size).toBe(1);
    checks.cancel('check-second-2');
    expect(((await second) as TokenError).code).toBe('cancelled');
  });
});
