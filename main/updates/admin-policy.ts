/**
 * The administrator's policy file: where an organisation turns automatic updates off or points them at its own
 * server. It lives where only administrators can write:
 *   Linux   /etc/licode-desktop/policy.json
 *   Windows %ProgramData%\Licode Desktop\policy.json
 *   macOS   /Library/Application Support/Licode Desktop/policy.json
 * e.g. {"updates": false} or {"updateUrl": "https://updates.example.com/licode-desktop/"}. A file that exists but
 * cannot be read or understood turns updates off: the administrator meant something, and not updating is the safe guess.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as v from 'valibot';

export interface AdminPolicy {
  /** False when the administrator turned automatic updates off (or the policy file could not be understood). */
  updatesEnabled: boolean;
  /** The generic-provider feed (latest.yml etc.), if the administrator set one. */
  updateUrl: string | null;
  /** What went wrong with the policy file, in English, for the log. */
  problem: string | null;
}

const MAX_POLICY_BYTES = 64 * 1024;
const PolicyFileSchema = v.strictObject({
  updates: v.optional(v.boolean()),
  updateUrl: v.optional(
    v.pipe(
      v.string(),
      v.maxLength(2048),
      v.check((value) => {
        try {
          const url = new URL(value);
          // Update metadata and installers travel over TLS only; electron-updater verifies the signatures on top.
          return url.protocol === 'https:' && url.username === '' && url.password === '' && url.hash === '';
        } catch {
          return false;
        }
      }, 'updateUrl must be an https:// URL without credentials or #fragment'),
    ),
  ),
});

export function adminPolicyPath(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string {
  if (platform === 'win32') return join(env['ProgramData'] ?? 'C:\\ProgramData', 'Licode Desktop', 'policy.json');
  if (platform === 'darwin') return '/Library/Application Support/Licode Desktop/policy.json';
  return '/etc/licode-desktop/policy.json';
}

export async function readAdminPolicy(path: string): Promise<AdminPolicy> {
  let text: string;
  try {
    const bytes = await readFile(path);
    if (bytes.length > MAX_POLICY_BYTES) return refused(`${path} is larger than 64 KB`);
    text = bytes.toString('utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { updatesEnabled: true, updateUrl: null, problem: null };
    return refused(`${path} could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return refused(`${path} is not valid JSON`);
  }
  const parsed = v.safeParse(PolicyFileSchema, json);
  if (!parsed.success) return refused(`${path}: ${parsed.issues.map((issue) => `${v.getDotPath(issue) ?? 'policy'}: ${issue.message}`).join('; ')}`);
  return { updatesEnabled: parsed.output.updates ?? true, updateUrl: parsed.output.updateUrl ?? null, problem: null };
}

function refused(problem: string): AdminPolicy {
  return { updatesEnabled: false, updateUrl: null, problem: `${problem}; automatic updates are off until it is fixed` };
}
