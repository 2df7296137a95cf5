/**
 * The app's settings file (config.json in the user-data directory).
 *
 * - Startup never fails because of the file: whatever is wrong with it, the app starts (with defaults in memory
 *   when nothing usable could be read) and a notice tells the UI what happened and where the file is.
 * - The file is read only if it is a regular file of at most MAX_CONFIG_BYTES, without ever blocking (a FIFO is
 *   refused, not opened for a read that waits for a writer). A UTF-8 BOM is tolerated.
 * - Invalid fields and entries are dropped one by one (lenient-read.ts); the original file is kept aside.
 * - A file that is not JSON, or not a config object at all, is renamed aside (kept, never deleted).
 * - A file the store did not fully read (unreadable, written by a newer version, or damaged and not movable) is
 *   never written over: it stays untouched until the user changes a setting, and then it is moved aside to
 *   config.<reason>-<time>.json before the new file is written. If it cannot be moved, the save fails instead.
 * - Atomic writes: the new content goes to a temp file which is fsynced and renamed over config.json, so a crash at
 *   any moment leaves either the old or the new file, never half of one.
 * - Several processes may share the directory (two web hosts): every update takes the lock file, re-reads
 *   config.json and applies its change to what is on disk now, so no process loses another's write.
 * - Updates of one store run one at a time in call order; each sees the result of the previous one.
 */
import { constants as fsConstants } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import * as v from 'valibot';
import { AppConfigSchema, type AppConfig, type ConfigNotice, type ConfigSnapshot, type ConfigUnreadableReason } from '../../common/api-contract';
import { defaultConfig } from './defaults';
import { LockError, withFileLock } from './file-lock';
import { readConfigLeniently } from './lenient-read';
import { migrate } from './migrations';

export const CONFIG_FILE = 'config.json';
export const LOCK_FILE = `${CONFIG_FILE}.lock`;
/** Settings are a few kilobytes; anything near this is not ours, and reading it would only cost memory. */
export const MAX_CONFIG_BYTES = 1024 * 1024;
const TEMP_SUFFIX = '.tmp';

/** Thrown by ConfigFs.readRegularFile for a file it refuses to read. */
export class ConfigReadError extends Error {
  constructor(readonly reason: 'not-a-file' | 'too-large') {
    super(reason === 'not-a-file' ? 'config.json is not a regular file' : `config.json is larger than ${MAX_CONFIG_BYTES} bytes`);
    this.name = 'ConfigReadError';
  }
}

/** The file operations the store needs; tests replace one of them to simulate a crash or a permission error. */
export interface ConfigFs {
  /** The text of a regular file of at most `maxBytes`; throws ConfigReadError otherwise, and never blocks on a FIFO. */
  readRegularFile(path: string, maxBytes: number): Promise<string>;
  writeFileSynced(path: string, data: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  readdir(path: string): Promise<string[]>;
  unlink(path: string): Promise<void>;
  mkdir(path: string): Promise<void>;
}

export const nodeConfigFs: ConfigFs = {
  async readRegularFile(path, maxBytes) {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever. (Windows has no FIFOs in the
    // file system and no such flag.) The checks use the opened file, so it cannot be swapped after them.
    const handle = await fsp.open(path, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
    try {
      const info = await handle.stat();
      if (!info.isFile()) throw new ConfigReadError('not-a-file');
      if (info.size > maxBytes) throw new ConfigReadError('too-large');
      // Read at most one byte more than allowed, so a file growing meanwhile is still bounded.
      const buffer = Buffer.alloc(maxBytes + 1);
      let length = 0;
      for (;;) {
        const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
        if (bytesRead === 0) break;
        length += bytesRead;
        if (length > maxBytes) throw new ConfigReadError('too-large');
      }
      return buffer.toString('utf8', 0, length);
    } finally {
      await handle.close();
    }
  },
  async writeFileSynced(path, data) {
    const handle = await fsp.open(path, 'w', 0o600);
    try {
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  rename: (from, to) => fsp.rename(from, to),
  readdir: (path) => fsp.readdir(path),
  unlink: (path) => fsp.unlink(path),
  mkdir: async (path) => {
    await fsp.mkdir(path, { recursive: true });
  },
};

/** What config.json holds right now, as far as the store can tell. */
type DiskState =
  | { kind: 'missing' }
  | { kind: 'clean'; config: AppConfig; fromVersion: number }
  | { kind: 'dropped'; config: AppConfig; count: number }
  | { kind: 'newer'; config: AppConfig; version: number }
  | { kind: 'corrupt' }
  | { kind: 'invalid' }
  | { kind: 'unreadable'; reason: ConfigUnreadableReason };

export type ConfigListener = (config: AppConfig) => void;

export class ConfigStore {
  private config: AppConfig;
  private notice: ConfigNotice | null;
  /** Tail of the update queue; every update chains onto it so they never interleave. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<ConfigListener>();

  private constructor(
    readonly dir: string,
    private readonly fs: ConfigFs,
    loaded: ConfigSnapshot,
  ) {
    this.config = loaded.config;
    this.notice = loaded.notice;
  }

  get path(): string {
    return join(this.dir, CONFIG_FILE);
  }

  /** Never rejects because of config.json or the directory: problems become defaults plus a notice. */
  static async open(dir: string, fs: ConfigFs = nodeConfigFs): Promise<ConfigStore> {
    // If the directory cannot be created, reading config.json below fails and says so.
    await fs.mkdir(dir).catch(() => undefined);
    try {
      return await withFileLock(join(dir, LOCK_FILE), () => ConfigStore.load(dir, fs, true));
    } catch (error) {
      if (!(error instanceof LockError)) throw error;
      // No lock (read-only directory, another process stuck): read, but write nothing now; saves will report it.
      return ConfigStore.load(dir, fs, false);
    }
  }

  private static async load(dir: string, fs: ConfigFs, mayWrite: boolean): Promise<ConfigStore> {
    // Only under the lock: another process's temp file is in flight until its rename.
    if (mayWrite) await removeStaleTempFiles(dir, fs);
    const path = join(dir, CONFIG_FILE);
    const disk = await readDiskState(path, fs);
    const store = (config: AppConfig, notice: ConfigNotice | null) => new ConfigStore(dir, fs, { config, notice });
    const aside = mayWrite ? (reason: string) => moveAside(dir, fs, reason).catch(() => null) : async () => null;
    switch (disk.kind) {
      case 'missing':
        return store(defaultConfig(), null);
      case 'clean': {
        if (disk.fromVersion === disk.config.version) return store(disk.config, null);
        // A migrated file is rewritten in the new format right away, so the migration runs once.
        if (mayWrite) await writeAtomically(dir, fs, disk.config).catch(() => undefined);
        return store(disk.config, { kind: 'migrated', fromVersion: disk.fromVersion });
      }
      case 'dropped': {
        const backupFile = await aside('invalid');
        // The cleaned config replaces the file only once the original is safe aside.
        if (backupFile) await writeAtomically(dir, fs, disk.config).catch(() => undefined);
        return store(disk.config, { kind: 'entries-dropped', count: disk.count, backupFile });
      }
      case 'newer':
        return store(disk.config, { kind: 'newer-version', version: disk.version, file: path });
      case 'corrupt':
      case 'invalid': {
        const backupFile = await aside(disk.kind);
        if (!backupFile) return store(defaultConfig(), { kind: 'unreadable', reason: 'damaged', file: path });
        return store(defaultConfig(), { kind: disk.kind === 'corrupt' ? 'reset-corrupt' : 'reset-invalid', backupFile });
      }
      case 'unreadable':
        return store(defaultConfig(), { kind: 'unreadable', reason: disk.reason, file: path });
    }
  }

  snapshot(): ConfigSnapshot {
    return { config: structuredClone(this.config), notice: this.notice };
  }

  get(): AppConfig {
    return structuredClone(this.config);
  }

  dismissNotice(): ConfigSnapshot {
    this.notice = null;
    return this.snapshot();
  }

  onChange(listener: ConfigListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Applies `change` to the config as it is on disk now (another process may have written it since), validates the
   * result and persists it. Runs after every earlier update has finished. If validation or the write fails, memory
   * and disk keep the old config.
   */
  update(change: (current: AppConfig) => AppConfig): Promise<AppConfig> {
    const run = () => withFileLock(join(this.dir, LOCK_FILE), () => this.applyLocked(change));
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async applyLocked(change: (current: AppConfig) => AppConfig): Promise<AppConfig> {
    const disk = await readDiskState(this.path, this.fs);
    // What the change applies to, and why the file on disk must be kept aside first (it was not fully read).
    const [base, asideReason]: [AppConfig, string | null] =
      disk.kind === 'clean'
        ? [disk.config, null]
        : disk.kind === 'missing'
          ? [this.config, null]
          : disk.kind === 'dropped'
            ? [disk.config, 'invalid']
            : disk.kind === 'newer'
              ? [disk.config, `newer-v${disk.version}`]
              : [this.config, disk.kind === 'unreadable' ? 'unreadable' : disk.kind];
    const next = v.parse(AppConfigSchema, change(structuredClone(base)));
    if (asideReason) await moveAside(this.dir, this.fs, asideReason);
    await writeAtomically(this.dir, this.fs, next);
    this.config = next;
    for (const listener of this.listeners) listener(structuredClone(next));
    return structuredClone(next);
  }
}

async function readDiskState(path: string, fs: ConfigFs): Promise<DiskState> {
  let text: string;
  try {
    text = await fs.readRegularFile(path, MAX_CONFIG_BYTES);
  } catch (error) {
    if (error instanceof ConfigReadError) return { kind: 'unreadable', reason: error.reason };
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing' };
    if (code === 'EISDIR') return { kind: 'unreadable', reason: 'not-a-file' };
    return { kind: 'unreadable', reason: code === 'EACCES' || code === 'EPERM' ? 'no-access' : 'read-failed' };
  }
  let json: unknown;
  try {
    // A BOM is what some Windows editors put before the JSON; it is not damage.
    json = JSON.parse(text.startsWith('\ufeff') ? text.slice(1) : text);
  } catch {
    return { kind: 'corrupt' };
  }
  const migrated = migrate(json);
  if (!migrated) return { kind: 'invalid' };
  const { config, dropped } = readConfigLeniently(migrated.data);
  if (migrated.kind === 'newer') return { kind: 'newer', config, version: migrated.version };
  if (dropped > 0) return { kind: 'dropped', config, count: dropped };
  return { kind: 'clean', config, fromVersion: migrated.fromVersion };
}

async function writeAtomically(dir: string, fs: ConfigFs, config: AppConfig): Promise<void> {
  const path = join(dir, CONFIG_FILE);
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`;
  await fs.writeFileSynced(temp, `${JSON.stringify(config, null, 2)}\n`);
  try {
    await fs.rename(temp, path);
  } catch (error) {
    await fs.unlink(temp).catch(() => undefined);
    throw error;
  }
}

async function removeStaleTempFiles(dir: string, fs: ConfigFs): Promise<void> {
  // Left by a crash between the temp write and the rename; config.json itself is intact then.
  const names = await fs.readdir(dir).catch(() => []);
  for (const name of names) {
    if (name.startsWith(`${CONFIG_FILE}.`) && name.endsWith(TEMP_SUFFIX)) {
      await fs.unlink(join(dir, name)).catch(() => undefined);
    }
  }
}

/** Renames config.json to config.<reason>-<timestamp>.json and returns the new file name. */
async function moveAside(dir: string, fs: ConfigFs, reason: string): Promise<string> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const name = `config.${reason}-${stamp}-${randomBytes(2).toString('hex')}.json`;
  await fs.rename(join(dir, CONFIG_FILE), join(dir, name));
  return name;
}
