import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LockError, STALE_MS, withFileLock } from './file-lock';

let dir: string;
let lockPath: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'licode-lock-'));
  lockPath = join(dir, 'config.json.lock');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The pid of a process that has exited (and so holds nothing). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid ?? 0;
}

describe('withFileLock', () => {
  it('runs one holder at a time and removes the lock afterwards, also when the body throws', async () => {
    const order: string[] = [];
    const holder = (name: string) =>
      withFileLock(lockPath, async () => {
        order.push(`${name} in`);
        await new Promise((resolve) => setTimeout(resolve, 30));
        order.push(`${name} out`);
      });
    await Promise.all([holder('a'), holder('b')]);
    expect(order).toEqual(['a in', 'a out', 'b in', 'b out']);
    await expect(withFileLock(lockPath, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await readdir(dir)).toEqual([]);
  });

  it('takes over the lock of a process that died holding it', async () => {
    await writeFile(lockPath, JSON.stringify({ pid: deadPid(), host: hostname(), at: new Date().toISOString() }));
    await expect(withFileLock(lockPath, async () => 'ran', { timeoutMs: 200 })).resolves.toBe('ran');
  });

  it('takes over a lock older than STALE_MS whoever holds it', async () => {
    await writeFile(lockPath, JSON.stringify({ pid: process.pid, host: 'another-machine', at: '2020-01-01T00:00:00Z' }));
    const old = (Date.now() - STALE_MS - 1000) / 1000;
    await utimes(lockPath, old, old);
    await expect(withFileLock(lockPath, async () => 'ran', { timeoutMs: 200 })).resolves.toBe('ran');
  });

  it('waits for a live holder and gives up with a LockError', async () => {
    await writeFile(lockPath, JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString() }));
    await expect(withFileLock(lockPath, async () => 'ran', { timeoutMs: 150 })).rejects.toBeInstanceOf(LockError);
  });

  it('fails at once with a LockError where the lock file cannot be created', async () => {
    await expect(withFileLock(join(dir, 'missing', 'x.lock'), async () => 'ran', { timeoutMs: 5000 })).rejects.toBeInstanceOf(LockError);
  });
});
