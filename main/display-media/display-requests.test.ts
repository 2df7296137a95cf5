import { describe, expect, it } from 'vitest';
import { DisplayRequests, type CaptureAnswer, type ShareChoice } from './display-requests';

const choice: ShareChoice = { sourceId: 'screen:2:0', shareAudio: false, optimiseFor: 'text' };
const offered = (id: string) => ['screen:1:0', 'screen:2:0', 'window:7:0'].includes(id);

function recorder() {
  const answers: CaptureAnswer[] = [];
  return { answers, answer: (a: CaptureAnswer) => answers.push(a) };
}

describe('DisplayRequests (pending screen-share requests)', () => {
  it('answers the capture with exactly the source chosen, once', () => {
    const requests = new DisplayRequests(() => 1000);
    const capture = recorder();
    const opened = requests.open(capture.answer);
    expect(opened).toEqual({ ok: true, request: { id: 'share-1', openedAt: 1000 } });
    expect(requests.isPending('share-1')).toBe(true);
    expect(requests.choose('share-1', choice, offered)).toBe(true);
    expect(capture.answers).toEqual([{ kind: 'source', choice }]);
    // Answered: the request is gone, a late second choice or cancel changes nothing.
    expect(requests.pending).toBeNull();
    expect(requests.choose('share-1', { ...choice, sourceId: 'screen:1:0' }, offered)).toBe(false);
    expect(requests.cancel('share-1')).toBe(false);
    expect(capture.answers).toHaveLength(1);
  });

  it('refuses a source that was not offered instead of capturing it', () => {
    const requests = new DisplayRequests();
    const capture = recorder();
    requests.open(capture.answer);
    requests.choose('share-1', { ...choice, sourceId: 'window:999:0' }, offered);
    expect(capture.answers).toEqual([{ kind: 'cancelled', reason: 'unknown-source' }]);
  });

  it('cancels: by the person, when the window closes, when the call ends', () => {
    const requests = new DisplayRequests();
    const first = recorder();
    requests.open(first.answer);
    expect(requests.cancel('share-1')).toBe(true);
    const second = recorder();
    requests.open(second.answer);
    requests.cancelAll('window-closed');
    const third = recorder();
    requests.open(third.answer);
    requests.cancelAll('call-ended');
    requests.cancelAll('call-ended'); // nothing open: no second answer
    expect([first.answers, second.answers, third.answers]).toEqual([
      [{ kind: 'cancelled', reason: 'cancelled' }],
      [{ kind: 'cancelled', reason: 'window-closed' }],
      [{ kind: 'cancelled', reason: 'call-ended' }],
    ]);
  });

  it('refuses a second request while one is open, and keeps the first', () => {
    const requests = new DisplayRequests();
    const first = recorder();
    const second = recorder();
    requests.open(first.answer);
    expect(requests.open(second.answer)).toEqual({ ok: false, reason: 'busy' });
    expect(second.answers).toEqual([{ kind: 'cancelled', reason: 'superseded' }]);
    expect(requests.isPending('share-1')).toBe(true);
    expect(requests.isPending('share-2')).toBe(false);
    requests.choose('share-1', choice, offered);
    expect(first.answers).toEqual([{ kind: 'source', choice }]);
  });

  it('ignores choices and cancels for ids it never opened', () => {
    const requests = new DisplayRequests();
    const capture = recorder();
    requests.open(capture.answer);
    expect(requests.choose('share-9', choice, offered)).toBe(false);
    expect(requests.cancel('share-9')).toBe(false);
    expect(capture.answers).toEqual([]);
    expect(requests.isPending('share-1')).toBe(true);
  });
});
