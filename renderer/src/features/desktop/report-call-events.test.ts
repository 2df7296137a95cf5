/** What the page tells main about the call (call:event): nothing while it has focus; a bounded chat preview. */
import { describe, expect, it, vi } from 'vitest';
import { CALL_EVENT_PREVIEW_MAX, CallEventSchema } from '../../../../common/api-contract';
import * as v from 'valibot';
import { reportCallEvent } from './report-call-events';

function fakeHost() {
  const call = vi.fn(async () => ({ notified: true }));
  return { host: { call } as never, sent: () => call.mock.calls.map((args: unknown[]) => args[1]) };
}

describe('reportCallEvent', () => {
  it('sends nothing while the page has focus: there is nothing to notify or count', () => {
    const { host, sent } = fakeHost();
    reportCallEvent(host, { kind: 'chat', from: 'Grace', text: 'Hi' }, true);
    reportCallEvent(host, { kind: 'joined', name: 'Ada' }, true);
    expect(sent()).toEqual([]);
  });

  it('sends chat and joins in the background, a long message cut within the contract without splitting a character', () => {
    const { host, sent } = fakeHost();
    reportCallEvent(host, { kind: 'joined', name: 'Ada' }, false);
    reportCallEvent(host, { kind: 'chat', from: 'Grace', text: `a${'😀'.repeat(150)}` }, false);
    const [joined, chat] = sent() as [unknown, { preview: string }];
    expect(joined).toEqual({ kind: 'joined', name: 'Ada', focused: false });
    expect(chat.preview).toBe(`a${'😀'.repeat(99)}`);
    expect(chat.preview.length).toBeLessThanOrEqual(CALL_EVENT_PREVIEW_MAX);
    expect(v.safeParse(CallEventSchema, chat).success).toBe(true);
  });
});
