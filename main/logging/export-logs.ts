/**
 * "Export logs" for support: the rotated and the current log file, oldest first, in one text file the person can
 * attach to a support request. Redacted again on the way out, in case a file was written before redaction existed.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { redact } from './redact';

/** electron-log keeps the previous file next to the current one as *.old.log. */
export function logFiles(currentLog: string): string[] {
  return [currentLog.replace(/\.log$/, '.old.log'), currentLog];
}

export function exportFileName(now: Date): string {
  return `licode-desktop-logs-${now.toISOString().slice(0, 16).replace(/:/g, '-')}.log`;
}

/** Writes the export to `destination`; files that do not exist are skipped. */
export async function exportLogs(currentLog: string, destination: string, secrets: readonly string[]): Promise<void> {
  const parts: string[] = [];
  for (const file of logFiles(currentLog)) {
    const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    if (text !== null) parts.push(`===== ${file} =====\n${redact(text, secrets)}`);
  }
  // The web host exports into its logs folder, which does not exist before the first log line.
  await mkdir(dirname(destination), { recursive: true });
  await writeFile(destination, parts.length > 0 ? parts.join('\n') : 'Licode Desktop has not written a log yet.\n');
}
