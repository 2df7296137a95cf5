/** What went wrong when starting a camera or microphone, in the terms the UI explains to the user. */
export type MediaProblemKind = 'denied' | 'not-found' | 'busy' | 'other';

export interface MediaProblem {
  kind: MediaProblemKind;
  /** The browser's own wording, shown as detail for 'other'. */
  details: string;
}

/** Maps getUserMedia's DOMException names (per the Media Capture spec and Chromium's legacy names). */
export function classifyMediaError(error: unknown): MediaProblem {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  const details = error instanceof Error || error instanceof DOMException ? error.message || error.name : String(error);
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return { kind: 'denied', details };
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
    case 'ConstraintNotSatisfiedError':
      return { kind: 'not-found', details };
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return { kind: 'busy', details };
    default:
      return { kind: 'other', details };
  }
}
