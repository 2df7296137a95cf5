/**
 * The app's settings file (config.json in the user-data directory).
 *
 * - Atomic writes: the new content goes to a temp file which is fsynced and renamed over config.json, so a
 *   crash at any moment leaves either the old or the new file, never half of one.
 * - A file that is not JSON, or does not match the schema after migration, is renamed aside (kept, never
 *   deleted), defaults are used and a notice tells the UI where the old file went.
 * - Updates run one at a time in call order; each sees the result of the previous one.
 */
import * as fsp from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import * as v from 'valibot';
import { AppConfigSchema, type AppConfig, type ConfigNotice, type ConfigSnapshot } from '../../common/api-contract';
import { defaultConfig } from './defaults';
import { migrate } from './migrations';

export const CONFIG_FILE = 'config.json';
const TEMP_SUFFIX = '.tmp';

/** The file operations the store needs; tests replace one of them to simulate a crash. */
export interface ConfigFs {
  readFile(path: string, encoding: 'utf8'): Promise<string>;
  writeFileSynced(path: string, data: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  readdir(path: string): Promise<string[]>;
  unlink(path: string): Promise<void>;
  mkdir(path: string): Promise<void>;
}

export const nodeConfigFs: ConfigFs = {
  readFile: (path, encoding) => fsp.readFile(path, encoding),
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

  static async open(dir: string, fs: ConfigFs = nodeConfigFs): Promise<ConfigStore> {
    await fs.mkdir(dir);
    await removeStaleTempFiles(dir, fs);
    const loaded = await load(dir, fs);
    const store = new ConfigStore(dir, fs, loaded);
    // A migrated file is rewritten in the new format right away, so the migration runs once.
    if (loaded.notice?.kind === 'migrated') await store.write(loaded.config);
    return store;
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
   * Applies `change` to the current config, validates the result and persists it. Runs after every
   * earlier update has finished. If validation or the write fails, memory and disk keep the old config.
   */
  update(change: (current: AppConfig) => AppConfig): Promise<AppConfig> {
    const run = async (): Promise<AppConfig> => {
      const next = v.parse(AppConfigSchema, change(structuredClone(this.config)));
      await this.write(next);
      this.config = next;
      for (const listener of this.listeners) listener(structuredClone(next));
      return structuredClone(next);
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async write(config: AppConfig): Promise<void> {
    const temp = `${this.path}.${process.pid}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`;
    await this.fs.writeFileSynced(temp, `${JSON.stringify(config, null, 2)}\n`);
    try {
      await this.fs.rename(temp, this.path);
    } catch (error) {
      await this.fs.unlink(temp).catch(() => undefined);
      throw error;
    }
  }
}

async function removeStaleTempFiles(dir: string, fs: ConfigFs): Promise<void> {
  // Left by a crash between the temp write and the rename; config.json itself is intact then.
  const names = await fs.readdir(dir);
  for (const name of names) {
    if (name.startsWith(`${CONFIG_FILE}.`) && name.endsWith(TEMP_SUFFIX)) {
      await fs.unlink(join(dir, name)).catch(() => undefined);
    }
  }
}

async function load(dir: string, fs: ConfigFs): Promise<ConfigSnapshot> {
  const path = join(dir, CONFIG_FILE);
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { config: defaultConfig(), notice: null };
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { config: defaultConfig(), notice: { kind: 'reset-corrupt', backupFile: await moveAside(dir, fs, 'corrupt') } };
  }
  const migrated = migrate(json);
  const parsed = migrated ? v.safeParse(AppConfigSchema, migrated.data) : null;
  if (!migrated || !parsed?.success) {
    return { config: defaultConfig(), notice: { kind: 'reset-invalid', backupFile: await moveAside(dir, fs, 'invalid') } };
  }
  const notice: ConfigNotice | null = migrated.fromVersion < parsed.output.version ? { kind: 'migrated', fromVersion: migrated.fromVersion } : null;
  return { config: parsed.output, notice };
}

/** Renames config.json to config.<reason>-<timestamp>.json and returns the new file name. */
async function moveAside(dir: string, fs: ConfigFs, reason: string): Promise<string> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const name = `config.${reason}-${stamp}-${randomBytes(2).toString('hex')}.json`;
  await fs.rename(join(dir, CONFIG_FILE), join(dir, name));
  return name;
}
