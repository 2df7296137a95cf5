/**
 * The one table of kiosk options: each key's command-line flag, environment variable, help text and parser. The
 * configuration reader (kiosk-config.ts) and the --help text are both generated from it, so they cannot disagree.
 */
import * as v from 'valibot';
import { DisplayNameSchema, RoleSchema, RoomNameSchema, ROLES, ServerUrlSchema, type Role } from '../../common/api-contract';
import { hasUnsafeCharacters } from '../../common/display-text';
import { LABEL_PATTERN_MAX_LENGTH, parseLabelPattern, type LabelPatternError } from '../../common/kiosk/device-patterns';
import { parseMaintenanceWindow, type MaintenanceWindow } from './maintenance-window';
import { parsePinHash, type PinHash } from './pin';

/** Which server to join: a saved profile (by id or name, resolved against the settings) or a createToken URL. */
export type KioskServer = { kind: 'url'; url: string } | { kind: 'profile'; ref: string };

/** How a value arrives: flags and environment variables are text; the JSON file has real types. */
type ValueKind = 'text' | 'integer' | 'boolean';

interface KioskOption<T> {
  kind: ValueKind;
  /** Placeholder for the value in --help ("NAME", "PORT"). */
  placeholder: string;
  help: string;
  /** Shown in --help; undefined = optional with no default (the feature is off, or the profile decides). */
  defaultText?: string;
  required?: boolean;
  /** Throws an English explanation (without the key: the reader adds it and where the value came from). */
  parse: (value: string | number | boolean) => T;
}

const option = <T>(spec: KioskOption<T>): KioskOption<T> => spec;

/** English for the codes the shared schemas in common/api-contract.ts report. */
const SCHEMA_MESSAGES: Record<string, string> = {
  'server-url-required': 'is empty',
  'server-url-too-long': 'is longer than 2048 characters',
  'server-url-invalid': 'is not an http:// or https:// URL',
  'server-url-extra-parts': 'must not contain a user name, password, query or fragment',
  'server-url-link-local': 'points at a link-local address, where no Licode server lives',
  'room-required': 'is empty',
  'room-too-long': 'is longer than 128 characters',
  'room-invalid-characters': 'contains invisible or text-reordering characters',
  'display-name-too-long': 'is longer than 64 characters',
};

function check<S extends v.GenericSchema<unknown, unknown>>(schema: S, value: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, value);
  if (result.success) return result.output;
  const message = result.issues[0].message;
  throw new Error(SCHEMA_MESSAGES[message] ?? message);
}

const text = (value: string | number | boolean): string => value as string;

function labelPattern(value: string | number | boolean): string {
  const result = parseLabelPattern(text(value));
  if (result.ok) return result.pattern.source;
  const messages: Record<LabelPatternError, string> = {
    'pattern-empty': 'is empty',
    'pattern-too-long': `is longer than ${LABEL_PATTERN_MAX_LENGTH} characters`,
    'pattern-invalid-regex': `is not a valid regular expression (${result.detail})`,
  };
  throw new Error(messages[result.error]);
}

function integerIn(min: number, max: number) {
  return (value: string | number | boolean): number => {
    const number = value as number;
    if (!Number.isSafeInteger(number) || number < min || number > max) throw new Error(`must be a whole number from ${min} to ${max}`);
    return number;
  };
}

const PROFILE_REF_MAX = 80;

export const KIOSK_OPTIONS = {
  server: option<KioskServer>({
    kind: 'text',
    placeholder: 'PROFILE|URL',
    required: true,
    help: 'Saved server profile (id or name), or a createToken URL such as https://licode.example.com:3001',
    parse(value) {
      const written = text(value).trim();
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(written)) return { kind: 'url', url: check(ServerUrlSchema, written) };
      if (written === '') throw new Error('is empty');
      if (written.length > PROFILE_REF_MAX) throw new Error(`is longer than ${PROFILE_REF_MAX} characters (a profile id or name)`);
      if (hasUnsafeCharacters(written)) throw new Error('contains invisible or text-reordering characters');
      return { kind: 'profile', ref: written };
    },
  }),
  room: option<string>({ kind: 'text', placeholder: 'NAME', required: true, help: 'Room to join', parse: (value) => check(RoomNameSchema, value) }),
  displayName: option<string>({
    kind: 'text',
    placeholder: 'NAME',
    help: "Name the others see (default: the profile's display name)",
    parse: (value) => check(DisplayNameSchema, value),
  }),
  role: option<Role>({
    kind: 'text',
    placeholder: ROLES.join('|'),
    help: "Licode role for the token (default: the profile's role)",
    parse(value) {
      const result = v.safeParse(RoleSchema, value);
      if (!result.success) throw new Error(`must be one of ${ROLES.join(', ')}`);
      return result.output;
    },
  }),
  camera: option<string>({ kind: 'text', placeholder: 'PATTERN', help: 'Camera label: case-insensitive text, or /regex/', parse: labelPattern }),
  microphone: option<string>({ kind: 'text', placeholder: 'PATTERN', help: 'Microphone label: case-insensitive text, or /regex/', parse: labelPattern }),
  speaker: option<string>({ kind: 'text', placeholder: 'PATTERN', help: 'Speaker label: case-insensitive text, or /regex/', parse: labelPattern }),
  pinHash: option<PinHash>({
    kind: 'text',
    placeholder: 'HASH',
    help: 'Hash of the exit PIN, from `npm run kiosk:hash-pin` (no hash: no exit from the kiosk)',
    parse: (value) => parsePinHash(text(value).trim()),
  }),
  statusPort: option<number>({
    kind: 'integer',
    placeholder: 'PORT',
    help: 'Serve GET /status as JSON on 127.0.0.1:PORT (off when not set)',
    parse: integerIn(1024, 65535),
  }),
  logDir: option<string>({
    kind: 'text',
    placeholder: 'DIR',
    help: "Folder for the kiosk's rotated logs and status.json (default: the app's log folder)",
    parse(value) {
      const dir = text(value);
      if (!dir.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(dir)) throw new Error('must be an absolute path');
      if (dir.length > 1024) throw new Error('is longer than 1024 characters');
      if (/\p{Cc}/u.test(dir)) throw new Error('contains control characters');
      return dir;
    },
  }),
  mediaSilenceSeconds: option<number>({
    kind: 'integer',
    placeholder: 'SECONDS',
    defaultText: '30',
    help: 'Rejoin when no media has come in or gone out for this long',
    parse: integerIn(5, 3600),
  }),
  maintenanceWindow: option<MaintenanceWindow>({
    kind: 'text',
    placeholder: 'HH:MM-HH:MM',
    help: 'Local time when updates may be installed, e.g. 02:00-04:00 (never during a meeting)',
    parse: (value) => parseMaintenanceWindow(text(value)),
  }),
  openAtLogin: option<boolean>({
    kind: 'boolean',
    placeholder: 'true|false',
    defaultText: 'false',
    help: 'Start the kiosk when the user logs in',
    parse: (value) => value as boolean,
  }),
} as const;

export type KioskOptionKey = keyof typeof KIOSK_OPTIONS;
export const KIOSK_OPTION_KEYS = Object.keys(KIOSK_OPTIONS) as KioskOptionKey[];

type Parsed<K extends KioskOptionKey> = (typeof KIOSK_OPTIONS)[K] extends KioskOption<infer T> ? T : never;

export interface KioskConfig {
  server: KioskServer;
  room: string;
  displayName?: string;
  role?: Role;
  camera?: string;
  microphone?: string;
  speaker?: string;
  pinHash?: PinHash;
  statusPort?: number;
  logDir?: string;
  mediaSilenceSeconds: number;
  maintenanceWindow?: MaintenanceWindow;
  openAtLogin: boolean;
}

/** Compile-time check that KioskConfig has exactly the table's keys and parsed types. */
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _configMatchesTable: Exact<Required<KioskConfig>, { [K in KioskOptionKey]: Parsed<K> }> = true;

export const KIOSK_DEFAULTS = { mediaSilenceSeconds: 30, openAtLogin: false } as const satisfies Partial<KioskConfig>;

/** `displayName` → `--kiosk-display-name`. */
export const flagOf = (key: KioskOptionKey): string => `--kiosk-${kebab(key)}`;
/** `displayName` → `LICODE_KIOSK_DISPLAY_NAME`. */
export const envOf = (key: KioskOptionKey): string => `LICODE_KIOSK_${kebab(key).replaceAll('-', '_').toUpperCase()}`;

function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}
