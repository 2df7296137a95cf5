import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findStaticFile } from './static-file';

let dir: string;
let root: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'licode-static-'));
  root = join(dir, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html>');
  await writeFile(join(root, 'assets', 'app.js'), '1');
  await writeFile(join(dir, 'secret.txt'), 'outside');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('findStaticFile', () => {
  it('finds files inside the folder, percent-decoded', async () => {
    await writeFile(join(root, 'assets', 'a b.css'), '');
    expect(await findStaticFile(root, '/assets/app.js')).toEqual({ kind: 'file', path: join(root, 'assets', 'app.js') });
    expect(await findStaticFile(root, '/assets/a%20b.css')).toMatchObject({ kind: 'file' });
  });

  it('calls a malformed escape or a NUL a bad request', async () => {
    expect(await findStaticFile(root, '/%zz')).toEqual({ kind: 'bad-request' });
    expect(await findStaticFile(root, '/%E0%A4%A')).toEqual({ kind: 'bad-request' });
    expect(await findStaticFile(root, '/index.html%00.js')).toEqual({ kind: 'bad-request' });
  });

  it('serves nothing outside the folder, by dot segments or by symlink', async () => {
    expect(await findStaticFile(root, '/..%2fsecret.txt')).toEqual({ kind: 'not-found' });
    expect(await findStaticFile(root, '/../renderer-other/x')).toEqual({ kind: 'not-found' });
    await symlink(join(dir, 'secret.txt'), join(root, 'assets', 'link.txt'));
    await symlink(dir, join(root, 'up'));
    expect(await findStaticFile(root, '/assets/link.txt')).toEqual({ kind: 'not-found' });
    expect(await findStaticFile(root, '/up/secret.txt')).toEqual({ kind: 'not-found' });
  });

  it('follows a symlink that stays inside the folder, and finds no directories or missing files', async () => {
    await symlink(join(root, 'assets', 'app.js'), join(root, 'alias.js'));
    expect(await findStaticFile(root, '/alias.js')).toEqual({ kind: 'file', path: join(root, 'assets', 'app.js') });
    expect(await findStaticFile(root, '/assets')).toEqual({ kind: 'not-found' });
    expect(await findStaticFile(root, '/nope.js')).toEqual({ kind: 'not-found' });
  });

  it('works when the folder itself is reached through a symlink', async () => {
    await symlink(root, join(dir, 'current'));
    expect(await findStaticFile(join(dir, 'current'), '/index.html')).toEqual({ kind: 'file', path: join(root, 'index.html') });
  });
});
