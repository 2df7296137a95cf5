/** The first retry of a video that did not arrive comes this soon: a passing fault should cost little. */
export const FIRST_RETRY_MS = 2_000;
/** Retries never wait longer than this: someone on screen without video should not wait minutes to come back. */
export const MAX_RETRY_MS = 30_000;

/** How long to wait before retrying after the `failures`-th failure in a row: 2 s, 4 s, 8 s, 16 s, then every 30 s. */
export function retryDelayMs(failures: number): number {
  const doublings = Number.isFinite(failures) && failures > 1 ? Math.floor(failures) - 1 : 0;
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(doublings, 16));
}
