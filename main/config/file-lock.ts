/**
 * An exclusive lock between processes sharing one user-data directory (two web hosts, or a web host and Electron):
 * a lock file created with O_EXCL, holding the owner's pid and host name. A lock whose owner process is gone (same
 * host) or that is older than STALE_MS (a config write takes milliseconds) is stale and taken over, so a crash
 * while holding it never blocks the next start.
 */
import { hostname } from 'node:os';
import * as fsp from 'node:fs/promises';

export const STALE_MS = 30_000;
const RETRY_MS = 25;

/** The lock could not be taken: another live process kept it too long, or the lock file cannot be created. */
export class LockError extends Error {
  constructor(
    readonly lockPath: string,
    options?: { cause: unknown },
  ) {
    super(options ? `Cannot create the lock file ${lockPath}.` : `Another Licode Desktop process holds ${lockPath}.`, options);
    this.name = 'LockError';
  }
}

export interface LockOptions {
  /** How long to wait for another holder before giving up. */
  timeoutMs?: number;
}

/** Runs `body` while holding the lock at `lockPath`; throws LockError when the lock cannot be taken. */
export async function withFileLock<T>(lockPath: string, body: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const release = await acquire(lockPath, options.timeoutMs ?? 10_000);
  try {
    return await body();
  } finally {
    await release();
  }
}

async function acquire(lockPath: string, timeoutMs: number): Promise<() => Promise<void>> {
  const deadline = Date.now() + timeoutMs;
  const owner = JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString() });
  for (;;) {
    try {
      const handle = await fsp.open(lockPath, 'wx', 0o600);
      try {
        await handle.writeFile(owner, 'utf8');
      } finally {
        await handle.close();
      }
      return () => fsp.unlink(lockPath).catch(() => undefined);
    } catch (error) {
      // A read-only or missing directory: waiting will not help.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new LockError(lockPath, { cause: error });
    }
    if (await isStale(lockPath)) {
      // Another waiter may take it over at the same moment: both unlink, and O_EXCL lets exactly one create it.
      await fsp.unlink(lockPath).catch(() => undefined);
      continue;
    }
    if (Date.now() >= deadline) throw new LockError(lockPath);
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
}

async function isStale(lockPath: string): Promise<boolean> {
  let text: string;
  let modified: number;
  try {
    [text, modified] = await Promise.all([fsp.readFile(lockPath, 'utf8'), fsp.stat(lockPath).then((s) => s.mtimeMs)]);
  } catch {
    return false; // released meanwhile (or unreadable): just try again
  }
  if (Date.now() - modified > STALE_MS) return true;
  const owner = parseOwner(text);
  // Written but not yet filled in by its creator: not stale, it is being taken right now.
  if (!owner) return false;
  return owner.host === hostname() && !isAlive(owner.pid);
}

function parseOwner(text: string): { pid: number; host: string } | null {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return null;
    const { pid, host } = value as Record<string, unknown>;
    return typeof pid === 'number' && typeof host === 'string' ? { pid, host } : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
