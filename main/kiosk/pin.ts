/**
 * The kiosk's hidden-exit PIN: stored only as a salted scrypt hash (`scrypt$N$r$p$salt$hash`, salt and hash in
 * base64url), compared in constant time, and guarded by an attempt limiter so a remote control cannot brute-force a
 * four-digit PIN.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export const PIN_MIN_LENGTH = 4;
export const PIN_MAX_LENGTH = 64;

/** OWASP's scrypt minimum (N=2^17, r=8, p=1) costs 128 MiB per check; 2^15 keeps a small room PC responsive. */
const DEFAULT_COST = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
/** Upper bounds for parameters read from a configuration file, so a hostile hash cannot make a check take minutes or gigabytes. */
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;

export interface PinHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

export const PIN_HASH_FORMAT = 'scrypt$N$r$p$salt$hash';

/** Why a PIN or a stored hash was refused (English; the CLI and configuration errors print it). */
export class PinFormatError extends Error {}

export function checkPin(pin: string): string {
  if (pin.length < PIN_MIN_LENGTH || pin.length > PIN_MAX_LENGTH) {
    throw new PinFormatError(`The PIN must be ${PIN_MIN_LENGTH} to ${PIN_MAX_LENGTH} characters long.`);
  }
  if (/[\p{Cc}\s]/u.test(pin)) throw new PinFormatError('The PIN must not contain spaces or control characters.');
  return pin;
}

export function parsePinHash(text: string): PinHash {
  const parts = text.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') throw new PinFormatError(`A PIN hash looks like ${PIN_HASH_FORMAT}.`);
  const [, nText, rText, pText, saltText, hashText] = parts as [string, string, string, string, string, string];
  const [N, r, p] = [nText, rText, pText].map((part) => (/^\d{1,8}$/.test(part) ? Number(part) : NaN)) as [number, number, number];
  if (!(N >= 2 && N <= MAX_N && (N & (N - 1)) === 0)) throw new PinFormatError(`The PIN hash's N must be a power of two up to ${MAX_N}.`);
  if (!(r >= 1 && r <= MAX_R && p >= 1 && p <= MAX_P)) throw new PinFormatError(`The PIN hash's r must be 1 to ${MAX_R} and p 1 to ${MAX_P}.`);
  const base64url = /^[A-Za-z0-9_-]+$/;
  if (!base64url.test(saltText) || !base64url.test(hashText)) throw new PinFormatError("The PIN hash's salt and hash must be base64url.");
  const salt = Buffer.from(saltText, 'base64url');
  const hash = Buffer.from(hashText, 'base64url');
  if (salt.length < 8 || salt.length > 64 || hash.length < 16 || hash.length > 64) {
    throw new PinFormatError("The PIN hash's salt (8-64 bytes) or hash (16-64 bytes) has the wrong length.");
  }
  return { N, r, p, salt, hash };
}

function derive(pin: string, salt: Buffer, length: number, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  // scrypt needs 128·N·r bytes; Node's default maxmem (32 MiB) refuses the upper bounds we accept.
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r };
  return new Promise((resolve, reject) => scrypt(pin.normalize('NFC'), salt, length, options, (error, key) => (error ? reject(error) : resolve(key))));
}

export async function hashPin(pin: string, cost: { N: number; r: number; p: number } = DEFAULT_COST): Promise<string> {
  checkPin(pin);
  const salt = randomBytes(SALT_LENGTH);
  const hash = await derive(pin, salt, KEY_LENGTH, cost);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

export async function verifyPin(pin: string, stored: PinHash): Promise<boolean> {
  if (pin.length < PIN_MIN_LENGTH || pin.length > PIN_MAX_LENGTH) return false;
  const candidate = await derive(pin, stored.salt, stored.hash.length, stored);
  return timingSafeEqual(candidate, stored.hash);
}

export interface PinLimiterOptions {
  /** Wrong PINs allowed before the first lockout. */
  freeAttempts?: number;
  /** First lockout; doubles with each further wrong PIN. */
  lockoutMs?: number;
  maxLockoutMs?: number;
  now?: () => number;
}

export type PinCheck = { outcome: 'accepted' } | { outcome: 'refused'; attemptsLeft: number } | { outcome: 'locked'; retryInMs: number };

/**
 * The exit dialog's gate: five tries, then lockouts of 30 s, 60 s, 2 min … up to 15 min. A PIN typed while locked
 * out is not even checked (and does not extend the lockout, so a curious guest cannot lock the admin out for good).
 */
export class PinGate {
  readonly #stored: PinHash;
  readonly #freeAttempts: number;
  readonly #lockoutMs: number;
  readonly #maxLockoutMs: number;
  readonly #now: () => number;
  #failures = 0;
  #lockedUntil = 0;

  constructor(stored: PinHash, options: PinLimiterOptions = {}) {
    this.#stored = stored;
    this.#freeAttempts = options.freeAttempts ?? 5;
    this.#lockoutMs = options.lockoutMs ?? 30_000;
    this.#maxLockoutMs = options.maxLockoutMs ?? 15 * 60_000;
    this.#now = options.now ?? Date.now;
  }

  async check(pin: string): Promise<PinCheck> {
    const waitMs = this.#lockedUntil - this.#now();
    if (waitMs > 0) return { outcome: 'locked', retryInMs: waitMs };
    if (await verifyPin(pin, this.#stored)) {
      this.#failures = 0;
      return { outcome: 'accepted' };
    }
    this.#failures++;
    const overLimit = this.#failures - this.#freeAttempts;
    if (overLimit < 0) return { outcome: 'refused', attemptsLeft: -overLimit };
    const lockout = Math.min(this.#maxLockoutMs, this.#lockoutMs * 2 ** Math.min(overLimit, 30));
    this.#lockedUntil = this.#now() + lockout;
    return { outcome: 'locked', retryInMs: lockout };
  }
}
