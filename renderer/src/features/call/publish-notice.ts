/**
 * What the call view says about the camera publication on its way to `ready`: which step failed (not sent, not
 * answered, no connection, refused — never "the server" when the page itself was too slow), when the next attempt
 * comes, and that it gave up; nothing once it is ready again.
 */
import { LicodeError, type Publication, type PublicationStateEvent, type PublishFailureStage } from '../../licode/index';
import type { MessageKey } from '../../i18n/i18n.svelte';

export interface Notice {
  key: MessageKey;
  params?: Record<string, string | number>;
}

const STAGE_KEYS: Record<PublishFailureStage, MessageKey> = {
  'no-publish-answer': 'meeting.publishStage.noPublishAnswer',
  refused: 'meeting.publishStage.refused',
  'offer-not-sent': 'meeting.publishStage.offerNotSent',
  'no-answer': 'meeting.publishStage.noAnswer',
  ice: 'meeting.publishStage.ice',
  'no-ready': 'meeting.publishStage.noReady',
  failed: 'meeting.publishStage.failed',
};

/** The refusal reason as the server gave it, after the library's "…refused to publish: " prefix. */
function refusalReason(reason: string | undefined): string {
  const text = reason ?? '';
  const colon = text.indexOf(': ');
  return (colon >= 0 ? text.slice(colon + 2) : text).replace(/\.$/, '').slice(0, 120);
}

/**
 * The notice for one `publication-state` event: `show` a new one, `clear` ours (ready again), or `keep` whatever is
 * shown (publishing, or waiting for the rejoin, which the reconnecting banner already tells). `translate` renders the
 * stage so the notice reads as one sentence.
 */
export function publishNotice(
  event: PublicationStateEvent,
  translate: (key: MessageKey, params?: Record<string, string | number>) => string,
): { show: Notice } | 'clear' | 'keep' {
  if (event.status === 'ready') return 'clear';
  if (event.status !== 'retrying' && event.status !== 'failed') return 'keep';
  const what = translate(STAGE_KEYS[event.stage ?? 'failed'], { reason: refusalReason(event.reason) });
  if (event.status === 'retrying') {
    return {
      show: {
        key: 'meeting.notice.publishRetrying',
        params: { what, seconds: Math.max(1, Math.round((event.retryInMs ?? 0) / 1000)), attempt: event.attempt ?? 1, max: event.maxAttempts ?? 1 },
      },
    };
  }
  if (event.final) return { show: { key: 'meeting.notice.publishFailed', params: { details: what } } };
  return { show: { key: 'meeting.notice.publishGaveUp', params: { what, attempts: (event.attempt ?? 0) + 1 } } };
}

/** A publish error that names the step it stopped at (the library's publication failures): told by publishNotice. */
export function hasStage(error: { detail?: unknown }): boolean {
  const detail = error.detail;
  return typeof detail === 'object' && detail !== null && 'stage' in detail;
}

/** The publication a rejected `room.publish` kept (its retries ran out; a rejoin republishes it), if any. */
export function parkedPublication(error: unknown): Publication | undefined {
  if (!(error instanceof LicodeError)) return undefined;
  const detail = error.detail;
  if (typeof detail !== 'object' || detail === null || !('publication' in detail)) return undefined;
  return (detail as { publication: Publication }).publication;
}
