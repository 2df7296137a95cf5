/**
 * The status as a JSON file for monitoring agents that read files rather than ports. Written atomically (a
 * temporary file in the same folder, then rename), so a reader never sees half a document; bursts of changes are
 * coalesced into at most one write in flight plus one pending.
 */
import { rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { KioskStatus, KioskStatusSnapshot } from './status';

export interface StatusFile {
  /** Resolves once everything reported so far is on disk. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

export function writeStatusFile(status: KioskStatus, path: string, onError: (error: unknown) => void): StatusFile {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  let pending: KioskStatusSnapshot | null = status.snapshot();
  let writing: Promise<void> = Promise.resolve();
  let active = false;

  const pump = (): void => {
    if (active || pending === null) return;
    active = true;
    const snapshot = pending;
    pending = null;
    writing = (async () => {
      try {
        await writeFile(temporary, `${JSON.stringify(snapshot, null, 2)}\n`, { mode: 0o644 });
        await rename(temporary, path);
      } catch (error) {
        onError(error);
      } finally {
        active = false;
      }
      pump();
    })();
  };

  const unsubscribe = status.onChange((snapshot) => {
    pending = snapshot;
    pump();
  });
  pump();

  const flush = async (): Promise<void> => {
    while (active || pending !== null) {
      pump();
      await writing;
    }
  };
  return {
    flush,
    async stop() {
      unsubscribe();
      await flush();
    },
  };
}
