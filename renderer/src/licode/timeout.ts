import { LicodeError } from './errors';

export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/** Reject with a clear `timeout` error when `promise` does not settle within `ms` (§8.3 #13: Licode may never ack). */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new LicodeError('timeout', `The server did not answer ${what} within ${Math.round(ms / 100) / 10} s.`, { what, ms })),
      ms,
    );
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
