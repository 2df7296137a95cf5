import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KIOSK_OPTION_KEYS } from './kiosk-options';
import { isKioskRequested, kioskHelpText, loadKioskConfig, type KioskConfigResult } from './kiosk-config';

const dir = mkdtempSync(join(tmpdir(), 'kiosk-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fileCount = 0;
function file(content: string | Buffer): string {
  const path = join(dir, `kiosk-${fileCount++}.json`);
  writeFileSync(path, content);
  return path;
}
const json = (value: unknown) => file(JSON.stringify(value));

function ok(result: KioskConfigResult) {
  if (result.status !== 'ok') throw new Error(result.status === 'error' ? result.error.message : 'help');
  return result;
}
function error(result: KioskConfigResult): string {
  if (result.status !== 'error') throw new Error(`expected an error, got ${result.status}`);
  return result.error.message;
}

const minimal = { server: 'https://licode.example.com:3001', room: 'boardroom' };

describe('kiosk configuration sources', () => {
  it('reads a complete file and fills the defaults', () => {
    const path = json({
      ...minimal,
      displayName: 'Boardroom TV',
      role: 'presenter',
      camera: 'brio',
      microphone: '/jabra|poly/',
      speaker: 'Jabra',
      statusPort: 8765,
      logDir: '/var/log/licode-kiosk',
      maintenanceWindow: '02:00-04:00',
    });
    const { config, sources } = ok(loadKioskConfig(['--kiosk', '--kiosk-config', path], {}));
    expect(config).toMatchObject({
      server: { kind: 'url', url: 'https://licode.example.com:3001' },
      room: 'boardroom',
      displayName: 'Boardroom TV',
      microphone: '/jabra|poly/',
      statusPort: 8765,
      maintenanceWindow: { startMinute: 120, endMinute: 240 },
      mediaSilenceSeconds: 30,
      openAtLogin: false,
    });
    expect(sources.room).toEqual({ kind: 'file', path });
    expect(sources.mediaSilenceSeconds).toEqual({ kind: 'default' });
  });

  it('applies flags over environment over file over defaults', () => {
    const path = json({ ...minimal, displayName: 'file', role: 'viewer', mediaSilenceSeconds: 60 });
    const result = ok(
      loadKioskConfig(['--kiosk', `--kiosk-config=${path}`, '--kiosk-room', 'from-flag', '--kiosk-open-at-login'], {
        LICODE_KIOSK_ROOM: 'from-env',
        LICODE_KIOSK_DISPLAY_NAME: 'from env',
        LICODE_KIOSK_MEDIA_SILENCE_SECONDS: '45',
        PATH: '/usr/bin',
      }),
    );
    expect(result.config).toMatchObject({ room: 'from-flag', displayName: 'from env', role: 'viewer', mediaSilenceSeconds: 45, openAtLogin: true });
    expect(result.sources).toMatchObject({
      room: { kind: 'flag', name: '--kiosk-room' },
      displayName: { kind: 'env', name: 'LICODE_KIOSK_DISPLAY_NAME' },
      role: { kind: 'file', path },
    });
  });

  it('works from environment variables alone, including the file path', () => {
    const path = json({ room: 'lobby' });
    const { config } = ok(loadKioskConfig(['--kiosk'], { LICODE_KIOSK_CONFIG: path, LICODE_KIOSK_SERVER: 'Main office', LICODE_KIOSK_OPEN_AT_LOGIN: 'yes' }));
    expect(config).toMatchObject({ server: { kind: 'profile', ref: 'Main office' }, room: 'lobby', openAtLogin: true });
  });

  it('detects --kiosk', () => {
    expect(isKioskRequested(['/usr/bin/licode-desktop', '--kiosk'])).toBe(true);
    expect(isKioskRequested(['/usr/bin/licode-desktop', '--kiosk-room=x'])).toBe(false);
  });
});

describe('kiosk configuration errors name the key and the source', () => {
  const cases: [string, string[], Record<string, string>, string][] = [
    ['missing room', ['--kiosk-server', 'Main'], {}, 'room (not set) is required: set "room" in the file, --kiosk-room or LICODE_KIOSK_ROOM.'],
    ['bad URL from a flag', ['--kiosk-server=ftp://x', '--kiosk-room=a'], {}, 'server (command-line flag --kiosk-server) is not an http:// or https:// URL.'],
    ['metadata address', ['--kiosk-server=http://169.254.169.254/', '--kiosk-room=a'], {}, 'link-local'],
    [
      'port out of range from env',
      [],
      { ...envMinimal(), LICODE_KIOSK_STATUS_PORT: '80' },
      'statusPort (environment variable LICODE_KIOSK_STATUS_PORT) must be a whole number from 1024 to 65535.',
    ],
    [
      'port not a number',
      [],
      { ...envMinimal(), LICODE_KIOSK_STATUS_PORT: '8080abc' },
      'statusPort (environment variable LICODE_KIOSK_STATUS_PORT) must be a whole number.',
    ],
    ['bad boolean', ['--kiosk-open-at-login=maybe'], envMinimal(), 'openAtLogin (command-line flag --kiosk-open-at-login) must be true or false.'],
    ['bad role', ['--kiosk-role', 'admin'], envMinimal(), 'role (command-line flag --kiosk-role) must be one of presenter, viewer, viewerWithData.'],
    ['invalid regex', ['--kiosk-camera', '/(brio/'], envMinimal(), 'camera (command-line flag --kiosk-camera) is not a valid regular expression'],
    ['huge pattern', ['--kiosk-speaker', 'x'.repeat(100_000)], envMinimal(), 'speaker (command-line flag --kiosk-speaker) is longer than 200 characters.'],
    [
      'huge room',
      [`--kiosk-room=${'r'.repeat(1_000_000)}`],
      { LICODE_KIOSK_SERVER: 'Main' },
      'room (command-line flag --kiosk-room) is longer than 128 characters.',
    ],
    ['bidi room', ['--kiosk-room=a\u202Eb'], { LICODE_KIOSK_SERVER: 'Main' }, 'contains invisible or text-reordering characters'],
    [
      'plain-text PIN',
      ['--kiosk-pin-hash', '1234'],
      envMinimal(),
      'pinHash (command-line flag --kiosk-pin-hash) A PIN hash looks like scrypt$N$r$p$salt$hash.',
    ],
    ['relative log dir', ['--kiosk-log-dir', 'logs'], envMinimal(), 'logDir (command-line flag --kiosk-log-dir) must be an absolute path.'],
    [
      'bad window',
      ['--kiosk-maintenance-window', '2am'],
      envMinimal(),
      'maintenanceWindow (command-line flag --kiosk-maintenance-window) must look like "02:00-04:00"',
    ],
    ['unknown flag', ['--kiosk-rooom=a'], envMinimal(), '--kiosk-rooom (command-line flag --kiosk-rooom) is not a kiosk option (see --help).'],
    ['unknown env', [], { ...envMinimal(), LICODE_KIOSK_ROOMS: 'a' }, 'LICODE_KIOSK_ROOMS (environment variable LICODE_KIOSK_ROOMS) is not a kiosk option'],
    ['flag twice', ['--kiosk-room=a', '--kiosk-room=b'], envMinimal(), 'room (command-line flag --kiosk-room) is given more than once.'],
    ['flag without value', ['--kiosk-room', '--kiosk-role=viewer'], envMinimal(), 'room (command-line flag --kiosk-room) needs a value'],
  ];
  function envMinimal() {
    return { LICODE_KIOSK_SERVER: minimal.server, LICODE_KIOSK_ROOM: minimal.room };
  }
  it.each(cases)('%s', (_name, argv, env, expected) => {
    const message = error(loadKioskConfig(['--kiosk', ...argv], env));
    expect(message.startsWith('Kiosk configuration: ')).toBe(true);
    expect(message).toContain(expected);
    expect(message.length).toBeLessThan(400);
  });
});

describe('hostile configuration files', () => {
  const fileError = (path: string) => error(loadKioskConfig(['--kiosk', '--kiosk-config', path], {}));

  it('refuses unknown keys, naming them, including prototype keys', () => {
    expect(fileError(file(`{"room":"a","server":"Main","__proto__":{"statusPort":1},"constructor":1}`))).toContain('"__proto__", "constructor" (in ');
    expect(fileError(json({ ...minimal, romo: 'x' }))).toMatch(/"romo" \(in .*\) is not a kiosk option \(known: server, room,/);
    const many = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i]));
    expect(fileError(json(many))).toContain('"k0", "k1", "k2", "k3", "k4" and 4995 more');
    expect(({} as Record<string, unknown>).statusPort).toBeUndefined();
  });

  it('refuses values of the wrong JSON type', () => {
    expect(fileError(json({ ...minimal, statusPort: '8080' }))).toMatch(/statusPort \(in .*\) must be a JSON number, not a string\./);
    expect(fileError(json({ ...minimal, room: ['a'] }))).toContain('must be a JSON string, not an array');
    expect(fileError(json({ ...minimal, openAtLogin: null }))).toContain('must be a JSON boolean, not null');
    expect(fileError(json({ ...minimal, statusPort: 8080.5 }))).toContain('must be a whole number from 1024 to 65535');
    expect(fileError(json({ ...minimal, mediaSilenceSeconds: 1e308 }))).toContain('whole number from 5 to 3600');
  });

  it('refuses a file that is not one JSON object', () => {
    expect(fileError(file('[1,2]'))).toContain('must contain one JSON object');
    expect(fileError(file('null'))).toContain('must contain one JSON object');
    expect(fileError(file('{"room": '))).toMatch(/is not valid JSON \(/);
    expect(fileError(file(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])))).toContain('is not UTF-8 text');
  });

  it('refuses a 10 MB file without reading it all', () => {
    const path = file(Buffer.alloc(10 * 1024 * 1024, 0x20));
    expect(fileError(path)).toBe(`Kiosk configuration: config (command-line flag --kiosk-config) names a file larger than 64 KiB: ${path}.`);
  });

  it('refuses a directory, a missing file and a FIFO (without hanging)', () => {
    const folder = join(dir, 'a-folder');
    mkdirSync(folder);
    expect(fileError(folder)).toContain(`names something that is not a regular file: ${folder}`);
    expect(fileError(join(dir, 'absent.json'))).toContain('names a file that cannot be opened');
    const fifo = join(dir, 'fifo.json');
    execFileSync('mkfifo', [fifo]);
    const started = Date.now();
    expect(fileError(fifo)).toContain(`names something that is not a regular file: ${fifo}`);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('names the source of the file path when it came from the environment', () => {
    expect(error(loadKioskConfig(['--kiosk'], { LICODE_KIOSK_CONFIG: join(dir, 'nope.json') }))).toContain('config (environment variable LICODE_KIOSK_CONFIG)');
  });
});

describe('--help', () => {
  it('lists every option with its flag, file key and environment variable', () => {
    const result = loadKioskConfig(['--kiosk', '--help'], {});
    expect(result.status).toBe('help');
    const text = kioskHelpText();
    for (const key of KIOSK_OPTION_KEYS) expect(text).toContain(`file key "${key}"`);
    expect(text).toContain('--kiosk-display-name NAME');
    expect(text).toContain('environment LICODE_KIOSK_MEDIA_SILENCE_SECONDS');
    expect(text).toContain('--kiosk-config FILE');
    expect(text).toContain('Precedence: command-line flags, then environment variables, then the file, then the defaults.');
  });
});
