import { describe, expect, it } from 'vitest';
import type { Publication, PublicationStateEvent } from '../../licode/index';
import { publishNotice } from './publish-notice';

const publication = {} as Publication;
const translate = (key: string, params?: Record<string, string | number>) => `${key}${params?.['reason'] ? `(${params['reason']})` : ''}`;
const event = (e: Omit<PublicationStateEvent, 'publication'>): PublicationStateEvent => ({ publication, ...e });

describe('the camera publication notice', () => {
  it('names the step that failed and when the next attempt comes', () => {
    expect(publishNotice(event({ status: 'retrying', stage: 'offer-not-sent', attempt: 1, maxAttempts: 3, retryInMs: 1_200 }), translate)).toEqual({
      show: { key: 'meeting.notice.publishRetrying', params: { what: 'meeting.publishStage.offerNotSent', seconds: 1, attempt: 1, max: 3 } },
    });
    expect(publishNotice(event({ status: 'retrying', stage: 'no-answer', attempt: 2, maxAttempts: 3, retryInMs: 2_400 }), translate)).toMatchObject({
      show: { params: { what: 'meeting.publishStage.noAnswer', seconds: 2, attempt: 2 } },
    });
  });

  it('quotes the server’s refusal, says when it gave up, and goes away when ready', () => {
    expect(
      publishNotice(event({ status: 'failed', stage: 'refused', reason: 'The server refused to publish: Unauthorized.', final: true }), translate),
    ).toEqual({
      show: { key: 'meeting.notice.publishFailed', params: { details: 'meeting.publishStage.refused(Unauthorized)' } },
    });
    expect(publishNotice(event({ status: 'failed', stage: 'ice', attempt: 3, maxAttempts: 3 }), translate)).toEqual({
      show: { key: 'meeting.notice.publishGaveUp', params: { what: 'meeting.publishStage.ice', attempts: 4 } },
    });
    expect(publishNotice(event({ status: 'ready' }), translate)).toBe('clear');
    expect(publishNotice(event({ status: 'waiting', stage: 'failed' }), translate)).toBe('keep');
  });
});
