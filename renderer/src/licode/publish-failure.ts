// Why one attempt to publish did not become ready: the stage it stopped at, so the app can say what really happened
// instead of blaming the server (a trace showed a starved renderer that had not even sent its offer).
import { LicodeError, toLicodeError } from './errors';

export type PublishFailureStage =
  /** The `publish` request was never acknowledged. */
  | 'no-publish-answer'
  /** The server acknowledged the request with an error (rights, Erizo unreachable, …). */
  | 'refused'
  /** The server accepted the request but we had not sent our offer yet (the page was too busy to create it). */
  | 'offer-not-sent'
  /** Our offer went out and the server never answered it. */
  | 'no-answer'
  /** Offer and answer were exchanged but ICE/DTLS never connected. */
  | 'ice'
  /** ICE/DTLS connected but the server never reported the media as flowing (`ready`). */
  | 'no-ready'
  /** The connection failed (ICE failed after connecting, `connection_failed`, the server removed the stream). */
  | 'failed';

export interface PublishFailure {
  stage: PublishFailureStage;
  /** A sentence for logs and for apps without their own text per stage. */
  message: string;
  /** Retrying cannot help (no right to publish, unusable options): the publication is dropped. */
  permanent: boolean;
  /** The session is gone: the rejoin restores the publication, not the retry loop. */
  sessionGone: boolean;
}

const STAGE_TEXT: Record<PublishFailureStage, string> = {
  'no-publish-answer': 'the server did not answer the publish request',
  refused: 'the server refused to publish',
  'offer-not-sent': 'our offer had not been sent yet (the app was too busy to create it in time)',
  'no-answer': 'the server did not answer our offer',
  ice: 'the media connection (ICE/DTLS) never connected',
  'no-ready': 'the connection is up but the server never reported the media as flowing',
  failed: 'the media connection failed',
};

/** A LicodeError that names the stage; `describePublishFailure` reads it back. */
export function publishStageError(stage: PublishFailureStage, detail?: string, extra: Record<string, unknown> = {}): LicodeError {
  const code = stage === 'refused' ? 'request-failed' : stage === 'no-publish-answer' ? 'timeout' : 'media-failed';
  const message = detail ? `${STAGE_TEXT[stage]}: ${detail}` : STAGE_TEXT[stage];
  return new LicodeError(code, message.charAt(0).toUpperCase() + message.slice(1) + '.', { ...extra, stage });
}

/**
 * Where a publication that timed out stopped, read from its peer connection: no local description → our offer was
 * never made; no remote one → the server never answered it; ICE/DTLS not connected → the path never came up; else the
 * server never said `ready`.
 */
export function stageOfStalledConnection(pc: RTCPeerConnection | undefined): PublishFailureStage {
  if (!pc || !pc.localDescription) return 'offer-not-sent';
  if (!pc.remoteDescription) return 'no-answer';
  const ice = pc.iceConnectionState;
  if ((ice !== 'connected' && ice !== 'completed') || pc.connectionState !== 'connected') return 'ice';
  return 'no-ready';
}

/** Erizo timeouts are worth retrying; every other refusal (`Unauthorized`, external inputs) is final. */
const TRANSIENT_REFUSAL = /not reachable|timeout|timed out/i;

export function describePublishFailure(err: unknown): PublishFailure {
  const error = toLicodeError(err, 'media-failed');
  const detail = (error.detail ?? {}) as { stage?: unknown; reason?: unknown };
  const stage = isStage(detail.stage) ? detail.stage : error.code === 'timeout' ? 'no-publish-answer' : 'failed';
  const reason = typeof detail.reason === 'string' ? detail.reason : '';
  return {
    stage,
    message: error.message,
    permanent: error.code === 'invalid-argument' || (stage === 'refused' && !TRANSIENT_REFUSAL.test(reason)),
    sessionGone: error.code === 'not-connected' || error.code === 'connection-lost',
  };
}

function isStage(value: unknown): value is PublishFailureStage {
  return typeof value === 'string' && value in STAGE_TEXT;
}
