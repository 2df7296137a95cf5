/** Every failure the library reports carries one of these codes, so the UI can react without parsing messages. */
export type LicodeErrorCode =
  | 'token-invalid' // the token text could not be decoded or lacks fields (nothing was sent to a server)
  | 'token-refused' // the server refused the token ("Token does not exist", "Authentication error", …)
  | 'timeout' // the server never acknowledged a request
  | 'malformed-message' // a server message did not match its schema; it was dropped
  | 'request-failed' // the server acknowledged a request with an error (e.g. "Unauthorized")
  | 'connection-lost' // the signalling socket is gone and reconnection gave up or was refused
  | 'negotiation-failed' // SDP/ICE negotiation of a peer connection failed
  | 'media-failed' // a publication or subscription failed and could not be restored
  | 'not-connected' // an operation needs a joined room
  | 'unsupported-server' // generation detection found no dialect we speak
  | 'invalid-argument'; // the caller passed something unusable

export class LicodeError extends Error {
  override readonly name = 'LicodeError';
  constructor(
    readonly code: LicodeErrorCode,
    message: string,
    /** Extra context (stream id, event name, validation issues) for logs. */
    readonly detail?: unknown,
  ) {
    super(message);
  }
}

export function toLicodeError(err: unknown, fallback: LicodeErrorCode): LicodeError {
  if (err instanceof LicodeError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new LicodeError(fallback, message, err);
}
