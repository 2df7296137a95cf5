import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportFileName, exportLogs } from './export-logs';

let dir: string;
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'licode-export-'))));
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('exportLogs', () => {
  it('joins the rotated and the current log, oldest first, redacted again', async () => {
    const current = join(dir, 'main.log');
    await writeFile(join(dir, 'main.old.log'), 'started\n');
    await writeFile(current, 'joined with secret=abcdef0123456789 and web secret 0123456789abcdef0123\n');
    const destination = join(dir, 'export.log');
    await exportLogs(current, destination, ['0123456789abcdef0123']);
    const text = await readFile(destination, 'utf8');
    expect(text.indexOf('started')).toBeLessThan(text.indexOf('joined'));
    expect(text).not.toContain('abcdef0123456789');
    expect(text).not.toContain('0123456789abcdef0123');
  });

  it('says so when there is no log yet (not even its folder)', async () => {
    const destination = join(dir, 'logs', 'export.log');
    await exportLogs(join(dir, 'main.log'), destination, []);
    expect(await readFile(destination, 'utf8')).toBe('Licode Desktop has not written a log yet.\n');
  });

  it('names the file by date and time, without characters Windows refuses', () => {
    expect(exportFileName(new Date('2026-12-06T03:52:10Z'))).toBe('licode-desktop-logs-2026-12-06T03-52.log');
  });
});
