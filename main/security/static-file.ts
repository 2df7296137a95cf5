/**
 * Maps a request path to a file inside the renderer folder, for the web host's static server and Electron's app://
 * protocol alike. The path is percent-decoded (a malformed escape is a bad request, not a crash), must stay inside
 * the folder lexically, and its real path (symlinks resolved) must stay inside the folder's real path too: a symlink
 * in the served folder pointing elsewhere serves nothing.
 */
import { realpath, stat } from 'node:fs/promises';
import { join, normalize, sep } from 'node:path';

export type StaticFileLookup = { kind: 'file'; path: string } | { kind: 'bad-request' } | { kind: 'not-found' };

/** `pathname` is the URL's path as sent (still percent-encoded), e.g. '/assets/index-3f2a.js'. */
export async function findStaticFile(root: string, pathname: string): Promise<StaticFileLookup> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { kind: 'bad-request' };
  }
  if (decoded.includes('\0')) return { kind: 'bad-request' };
  const base = normalize(root);
  const file = normalize(join(base, decoded));
  if (!file.startsWith(base.endsWith(sep) ? base : base + sep)) return { kind: 'not-found' };
  try {
    const [realRoot, realFile] = await Promise.all([realpath(base), realpath(file)]);
    if (!realFile.startsWith(realRoot + sep)) return { kind: 'not-found' };
    return (await stat(realFile)).isFile() ? { kind: 'file', path: realFile } : { kind: 'not-found' };
  } catch {
    return { kind: 'not-found' };
  }
}
