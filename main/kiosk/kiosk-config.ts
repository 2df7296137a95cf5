/**
 * Reads the kiosk configuration from its three sources. Precedence, highest first: command-line flags
 * (`--kiosk-room NAME` or `--kiosk-room=NAME`), environment variables (`LICODE_KIOSK_ROOM`), the JSON file given
 * with `--kiosk-config FILE` (or `LICODE_KIOSK_CONFIG`), then the defaults. Any problem gives ONE error naming the
 * key and where the bad value came from, so the kiosk can show it on screen instead of a blank window.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { envOf, flagOf, KIOSK_DEFAULTS, KIOSK_OPTION_KEYS, KIOSK_OPTIONS, type KioskConfig, type KioskOptionKey } from './kiosk-options';

export type { KioskConfig, KioskServer } from './kiosk-options';

/** A kiosk file is a dozen short keys; anything near this size is a mistake (or an attack), not a configuration. */
export const KIOSK_CONFIG_MAX_BYTES = 64 * 1024;
const CONFIG_FLAG = '--kiosk-config';
const CONFIG_ENV = 'LICODE_KIOSK_CONFIG';

/** Where a value came from, in words an administrator recognises. */
export type KioskConfigSource =
  { kind: 'flag'; name: string } | { kind: 'env'; name: string } | { kind: 'file'; path: string } | { kind: 'default' } | { kind: 'missing' };

export class KioskConfigError extends Error {
  constructor(
    /** The option key (`room`), or the flag / file that could not be read at all. */
    readonly key: string,
    readonly source: KioskConfigSource,
    readonly detail: string,
  ) {
    super(`Kiosk configuration: ${key} ${describeSource(source)} ${detail}.`);
    this.name = 'KioskConfigError';
  }
}

function describeSource(source: KioskConfigSource): string {
  switch (source.kind) {
    case 'flag':
      return `(command-line flag ${source.name})`;
    case 'env':
      return `(environment variable ${source.name})`;
    case 'file':
      return `(in ${source.path})`;
    case 'default':
      return '(default)';
    case 'missing':
      return '(not set)';
  }
}

export type KioskConfigResult =
  | { status: 'help'; text: string }
  | { status: 'ok'; config: KioskConfig; sources: Record<KioskOptionKey, KioskConfigSource> }
  | { status: 'error'; error: KioskConfigError };

/** `--kiosk` switches the app into kiosk mode; everything else about the kiosk is read by loadKioskConfig. */
export function isKioskRequested(argv: readonly string[]): boolean {
  return argv.includes('--kiosk');
}

export function loadKioskConfig(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): KioskConfigResult {
  if (argv.includes('--help') || argv.includes('-h')) return { status: 'help', text: kioskHelpText() };
  try {
    return { status: 'ok', ...readAll(argv, env) };
  } catch (error) {
    if (error instanceof KioskConfigError) return { status: 'error', error };
    throw error;
  }
}

interface RawValue {
  value: string | number | boolean;
  source: KioskConfigSource;
}

function readAll(argv: readonly string[], env: Readonly<Record<string, string | undefined>>) {
  const flags = readFlags(argv);
  const fromEnv = readEnv(env);
  const configPath = flags.configPath ?? fromEnv.configPath;
  const fromFile = configPath === undefined ? new Map<KioskOptionKey, RawValue>() : readFile(configPath.value, configPath.source);

  const config: Record<string, unknown> = { ...KIOSK_DEFAULTS };
  const sources = {} as Record<KioskOptionKey, KioskConfigSource>;
  for (const key of KIOSK_OPTION_KEYS) {
    const spec = KIOSK_OPTIONS[key];
    const raw = flags.values.get(key) ?? fromEnv.values.get(key) ?? fromFile.get(key);
    if (raw === undefined) {
      const hasDefault = Object.hasOwn(KIOSK_DEFAULTS, key);
      if (spec.required === true) {
        throw new KioskConfigError(key, { kind: 'missing' }, `is required: set "${key}" in the file, ${flagOf(key)} or ${envOf(key)}`);
      }
      sources[key] = hasDefault ? { kind: 'default' } : { kind: 'missing' };
      continue;
    }
    try {
      config[key] = spec.parse(raw.value);
    } catch (error) {
      throw new KioskConfigError(key, raw.source, error instanceof Error ? error.message : String(error));
    }
    sources[key] = raw.source;
  }
  return { config: config as unknown as KioskConfig, sources };
}

function optionForFlag(name: string): KioskOptionKey | undefined {
  return KIOSK_OPTION_KEYS.find((key) => flagOf(key) === name);
}

function readFlags(argv: readonly string[]) {
  const values = new Map<KioskOptionKey, RawValue>();
  let configPath: { value: string; source: KioskConfigSource } | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--kiosk-')) continue;
    const equals = arg.indexOf('=');
    const name = equals === -1 ? arg : arg.slice(0, equals);
    const key = optionForFlag(name);
    if (name !== CONFIG_FLAG && key === undefined) {
      throw new KioskConfigError(name, { kind: 'flag', name }, `is not a kiosk option (see --help)`);
    }
    const source: KioskConfigSource = { kind: 'flag', name };
    const isBoolean = key !== undefined && KIOSK_OPTIONS[key].kind === 'boolean';
    let value: string;
    if (equals !== -1) value = arg.slice(equals + 1);
    else if (isBoolean) value = 'true';
    else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new KioskConfigError(key ?? 'config', source, `needs a value (${name} VALUE or ${name}=VALUE)`);
      value = next;
      i++;
    }
    if (key === undefined) {
      if (configPath) throw new KioskConfigError('config', source, 'is given more than once');
      configPath = { value, source };
      continue;
    }
    if (values.has(key)) throw new KioskConfigError(key, source, 'is given more than once');
    values.set(key, { value: fromText(key, value, source), source });
  }
  return { values, configPath };
}

function readEnv(env: Readonly<Record<string, string | undefined>>) {
  const values = new Map<KioskOptionKey, RawValue>();
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('LICODE_KIOSK_') || value === undefined || name === CONFIG_ENV) continue;
    const key = KIOSK_OPTION_KEYS.find((candidate) => envOf(candidate) === name);
    const source: KioskConfigSource = { kind: 'env', name };
    if (key === undefined) throw new KioskConfigError(name, source, 'is not a kiosk option (see --help)');
    values.set(key, { value: fromText(key, value, source), source });
  }
  const path = env[CONFIG_ENV];
  return { values, configPath: path === undefined ? undefined : { value: path, source: { kind: 'env', name: CONFIG_ENV } as KioskConfigSource } };
}

/** Flags and environment variables are text; numbers and yes/no are converted here so the parsers see one type. */
function fromText(key: KioskOptionKey, value: string, source: KioskConfigSource): string | number | boolean {
  switch (KIOSK_OPTIONS[key].kind) {
    case 'text':
      return value;
    case 'integer':
      if (!/^\d{1,9}$/.test(value.trim())) throw new KioskConfigError(key, source, 'must be a whole number');
      return Number(value.trim());
    case 'boolean': {
      const word = value.trim().toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(word)) return true;
      if (['false', '0', 'no', 'off'].includes(word)) return false;
      throw new KioskConfigError(key, source, 'must be true or false');
    }
  }
}

const JSON_TYPE = { text: 'string', integer: 'number', boolean: 'boolean' } as const;

function readFile(path: string, pathSource: KioskConfigSource): Map<KioskOptionKey, RawValue> {
  const source: KioskConfigSource = { kind: 'file', path };
  const parsed = parseJsonObject(readSmallRegularFile(path, pathSource), source);
  const unknown = Object.keys(parsed).filter((name) => !(KIOSK_OPTION_KEYS as string[]).includes(name));
  if (unknown.length > 0) {
    const listed = unknown.slice(0, 5).map((name) => JSON.stringify(name.slice(0, 40)));
    throw new KioskConfigError(
      listed.join(', ') + (unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''),
      source,
      `${unknown.length === 1 ? 'is not a kiosk option' : 'are not kiosk options'} (known: ${KIOSK_OPTION_KEYS.join(', ')})`,
    );
  }
  const values = new Map<KioskOptionKey, RawValue>();
  for (const key of KIOSK_OPTION_KEYS) {
    if (!Object.hasOwn(parsed, key)) continue;
    const value: unknown = parsed[key];
    const expected = JSON_TYPE[KIOSK_OPTIONS[key].kind];
    if (typeof value !== expected) {
      const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
      throw new KioskConfigError(key, source, `must be a JSON ${expected}, not ${got}`);
    }
    values.set(key, { value: value as string | number | boolean, source });
  }
  return values;
}

/**
 * Opens without blocking and checks the opened file itself (not the path, which could be swapped in between): a
 * FIFO would otherwise hang the kiosk at start, a directory or a device gives nonsense, a huge file eats memory.
 */
function readSmallRegularFile(path: string, pathSource: KioskConfigSource): string {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new KioskConfigError('config', pathSource, `names a file that cannot be opened: ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new KioskConfigError('config', pathSource, `names something that is not a regular file: ${path}`);
    if (stat.size > KIOSK_CONFIG_MAX_BYTES) {
      throw new KioskConfigError('config', pathSource, `names a file larger than ${KIOSK_CONFIG_MAX_BYTES / 1024} KiB: ${path}`);
    }
    // One byte more than allowed detects a file that grew after fstat.
    const buffer = Buffer.alloc(KIOSK_CONFIG_MAX_BYTES + 1);
    let length = 0;
    for (let read = -1; read !== 0 && length < buffer.length; length += read) read = readSync(fd, buffer, length, buffer.length - length, null);
    if (length > KIOSK_CONFIG_MAX_BYTES)
      throw new KioskConfigError('config', pathSource, `names a file larger than ${KIOSK_CONFIG_MAX_BYTES / 1024} KiB: ${path}`);
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(buffer.subarray(0, length));
    } catch {
      throw new KioskConfigError('config', pathSource, `names a file that is not UTF-8 text: ${path}`);
    }
  } finally {
    closeSync(fd);
  }
}

function parseJsonObject(text: string, source: KioskConfigSource): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new KioskConfigError('config', source, `is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new KioskConfigError('config', source, 'must contain one JSON object ({ "room": … })');
  }
  return parsed as Record<string, unknown>;
}

export function kioskHelpText(): string {
  const rows = KIOSK_OPTION_KEYS.map((key) => {
    const spec = KIOSK_OPTIONS[key];
    const notes = [spec.required === true ? 'required' : undefined, spec.defaultText === undefined ? undefined : `default ${spec.defaultText}`].filter(Boolean);
    return [
      `  ${flagOf(key)} ${spec.placeholder}`,
      `      ${spec.help}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`,
      `      file key "${key}", environment ${envOf(key)}`,
    ].join('\n');
  });
  return [
    'Licode Desktop kiosk mode: starts straight into one room and stays there.',
    '',
    'Usage: licode-desktop --kiosk [--kiosk-config FILE] [options]',
    '',
    `  ${CONFIG_FLAG} FILE`,
    `      JSON file with any of the keys below (environment ${CONFIG_ENV}); at most ${KIOSK_CONFIG_MAX_BYTES / 1024} KiB`,
    ...rows,
    '',
    'Precedence: command-line flags, then environment variables, then the file, then the defaults.',
    'Flags take their value as --kiosk-room NAME or --kiosk-room=NAME; --kiosk-open-at-login alone means true.',
    '',
  ].join('\n');
}
