import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { hashPin, parsePinHash, PinGate, verifyPin } from './pin';

/** Cheap parameters keep the tests fast; the format and the code path are the same as the default's. */
const cheap = { N: 1024, r: 8, p: 1 };

describe('PIN hashing', () => {
  it('verifies the right PIN and refuses a wrong one, with a fresh salt each time', async () => {
    const stored = await hashPin('2468', cheap);
    expect(stored).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPin('2468', parsePinHash(stored))).toBe(true);
    expect(await verifyPin('2469', parsePinHash(stored))).toBe(false);
    expect(await hashPin('2468', cheap)).not.toBe(stored);
  });

  it('uses the default cost when none is given', async () => {
    expect(await hashPin('13579')).toMatch(/^scrypt\$32768\$8\$1\$/);
  });

  it('refuses PINs that are too short, too long or contain spaces', async () => {
    await expect(hashPin('123', cheap)).rejects.toThrow('4 to 64 characters');
    await expect(hashPin('1'.repeat(65), cheap)).rejects.toThrow('4 to 64 characters');
    await expect(hashPin('12 34', cheap)).rejects.toThrow('spaces');
  });

  it('refuses hostile or malformed stored hashes with a clear reason', () => {
    const salt = Buffer.alloc(16, 1).toString('base64url');
    const hash = Buffer.alloc(32, 2).toString('base64url');
    expect(() => parsePinHash('plain-text-pin')).toThrow('scrypt$N$r$p$salt$hash');
    expect(() => parsePinHash(`scrypt$1000$8$1$${salt}$${hash}`)).toThrow('power of two');
    expect(() => parsePinHash(`scrypt$${2 ** 24}$8$1$${salt}$${hash}`)).toThrow('power of two');
    expect(() => parsePinHash(`scrypt$1024$999$1$${salt}$${hash}`)).toThrow('r must be');
    expect(() => parsePinHash(`scrypt$1024$8$1$${salt}$not+base64`)).toThrow('base64url');
    expect(() => parsePinHash(`scrypt$1024$8$1$AA$${hash}`)).toThrow('wrong length');
  });
});

describe('PIN attempt limiter', () => {
  it('allows five tries, then locks out with a doubling delay, and a right PIN after the lockout exits', async () => {
    let now = 0;
    const gate = new PinGate(parsePinHash(await hashPin('2468', cheap)), { now: () => now });
    const refusals = [];
    for (let i = 0; i < 4; i++) refusals.push(await gate.check('0000'));
    expect(refusals.map((r) => r.outcome === 'refused' && r.attemptsLeft)).toEqual([4, 3, 2, 1]);
    expect(await gate.check('0000')).toEqual({ outcome: 'locked', retryInMs: 30_000 });
    // While locked, even the right PIN is not checked.
    now = 29_999;
    expect(await gate.check('2468')).toEqual({ outcome: 'locked', retryInMs: 1 });
    now = 30_000;
    expect(await gate.check('1111')).toEqual({ outcome: 'locked', retryInMs: 60_000 });
    now = 90_000;
    expect(await gate.check('2468')).toEqual({ outcome: 'accepted' });
  });

  it('caps the lockout', async () => {
    let now = 0;
    const gate = new PinGate(parsePinHash(await hashPin('2468', cheap)), { now: () => now, freeAttempts: 0, maxLockoutMs: 100_000 });
    let last = await gate.check('0000');
    for (let i = 0; i < 12; i++) {
      now += 10_000_000;
      last = await gate.check('0000');
    }
    expect(last).toEqual({ outcome: 'locked', retryInMs: 100_000 });
  });
});

describe('npm run kiosk:hash-pin', { timeout: 30_000 }, () => {
  const run = (input: string) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = execFile(process.execPath, ['--import', 'tsx', 'main/kiosk/hash-pin-cli.ts'], (error, stdout, stderr) =>
        resolve({ code: error ? (error.code as number) : 0, stdout, stderr }),
      );
      child.stdin!.end(input);
    });

  it('prints a hash that verifies the PIN read from stdin', async () => {
    const { code, stdout } = await run('864209\n');
    expect(code).toBe(0);
    expect(await verifyPin('864209', parsePinHash(stdout.trim()))).toBe(true);
  });

  it('explains a bad PIN and exits non-zero', async () => {
    const { code, stdout, stderr } = await run('12\n');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('kiosk:hash-pin: The PIN must be 4 to 64 characters long.');
  });
});
