/** Why background blur could not start; the call then publishes the plain camera and says so. */
export type BlurFailureReason = 'no-webgl' | 'load-failed';

export class BlurUnavailableError extends Error {
  constructor(
    readonly reason: BlurFailureReason,
    /** For the log and the error's "Details:" (never shown alone: the message key says what happened). */
    readonly details: string,
  ) {
    super(`Background blur is unavailable (${reason}): ${details}`);
    this.name = 'BlurUnavailableError';
  }
}
