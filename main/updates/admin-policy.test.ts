/** The administrator's policy file, read from a real temp directory. */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adminPolicyPath, readAdminPolicy } from './admin-policy';

let dir: string;
let path: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'licode-policy-'));
  path = join(dir, 'policy.json');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('admin policy', () => {
  it('lives where only administrators write, per platform', () => {
    expect(adminPolicyPath('linux', {})).toBe('/etc/licode-desktop/policy.json');
    expect(adminPolicyPath('darwin', {})).toBe('/Library/Application Support/Licode Desktop/policy.json');
    expect(adminPolicyPath('win32', { ProgramData: 'D:\\ProgramData' })).toBe(join('D:\\ProgramData', 'Licode Desktop', 'policy.json'));
  });

  it('without a file, updates are allowed but have no feed', async () => {
    expect(await readAdminPolicy(path)).toEqual({ updatesEnabled: true, updateUrl: null, problem: null });
  });

  it('turns updates off, or sets the feed', async () => {
    await writeFile(path, '{"updates": false}');
    expect(await readAdminPolicy(path)).toMatchObject({ updatesEnabled: false, problem: null });
    await writeFile(path, '\uFEFF{"updateUrl": "https://updates.example.com/licode/"}');
    expect(await readAdminPolicy(path)).toEqual({ updatesEnabled: true, updateUrl: 'https://updates.example.com/licode/', problem: null });
  });

  it('a file it cannot understand turns updates off and says why', async () => {
    const cases: [string, string][] = [
      ['{"updates": false', 'is not valid JSON'],
      ['{"updates": "no"}', 'updates:'],
      ['{"updatez": false}', 'updatez'],
      ['{"updateUrl": "http://updates.example.com/"}', 'https:// URL'],
      ['{"updateUrl": "https://u:p@updates.example.com/"}', 'https:// URL'],
      [`{"updates": true, "pad": "${'x'.repeat(70_000)}"}`, 'larger than 64 KB'],
    ];
    for (const [content, reason] of cases) {
      await writeFile(path, content);
      const policy = await readAdminPolicy(path);
      expect(policy.updatesEnabled, content.slice(0, 40)).toBe(false);
      expect(policy.problem).toContain(reason);
      expect(policy.problem).toContain('automatic updates are off until it is fixed');
    }
  });

  it('an unreadable file or a directory turns updates off', async () => {
    await writeFile(path, '{}');
    await chmod(path, 0o000);
    // root reads anything: then the file is simply read.
    const unreadable = await readAdminPolicy(path);
    if (process.getuid?.() !== 0) expect(unreadable.updatesEnabled).toBe(false);
    expect(await readAdminPolicy(dir)).toMatchObject({ updatesEnabled: false, problem: expect.stringContaining('could not be read (EISDIR)') });
  });
});
