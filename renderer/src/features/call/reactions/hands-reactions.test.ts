import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RaisedHands } from './hands.svelte';
import { Reactions, REACTION_SHOWN_MS } from './reactions.svelte';
import type { OwnStream, SignalsContext } from './own-stream';

function context(own: OwnStream | null = null) {
  const announced: string[] = [];
  const notices: string[] = [];
  const signals: SignalsContext = { ownKey: 'local', own: () => own, announce: (m) => announced.push(m), notify: (key) => notices.push(key) };
  return { signals, announced, notices };
}

function ownStream(attributes: Record<string, unknown> = { name: 'Ada' }) {
  const sent: unknown[] = [];
  const stream: OwnStream & { attributes: Record<string, unknown> } = {
    attributes,
    setAttributes: async (next) => {
      sent.push(next);
      stream.attributes = next;
    },
    sendData: async (message) => void sent.push(message),
  };
  return { stream, sent };
}

describe('RaisedHands', () => {
  it('queues hands by when they went up, whatever order they were heard in', () => {
    const { signals, announced } = context();
    const hands = new RaisedHands(signals);
    hands.seen('r:3', { hand: 3_000 }, 'Cy', false, 10_000);
    hands.seen('r:1', { hand: 1_000 }, 'Ann', false, 10_000);
    hands.seen('r:2', { name: 'Bo' }, 'Bo', false, 10_000);
    hands.seen('r:2', { hand: 2_000 }, 'Bo', true, 10_000);
    expect(hands.queue).toEqual(['r:1', 'r:2', 'r:3']);
    expect(announced).toEqual(['Bo raised their hand']);
    // A later attribute update (a rename) keeps the place in the queue.
    hands.seen('r:1', { hand: 9_000, name: 'Anne' }, 'Anne', true, 10_000);
    expect(hands.queue).toEqual(['r:1', 'r:2', 'r:3']);
    hands.seen('r:1', {}, 'Anne', true, 10_000);
    hands.remove('r:3'); // left the room
    expect(hands.queue).toEqual(['r:2']);
    expect(announced.at(-1)).toBe('Anne lowered their hand');
  });

  it('raises and lowers our own hand through our stream attributes, keeping the name', async () => {
    const { stream, sent } = ownStream();
    const { signals } = context(stream);
    const hands = new RaisedHands(signals);
    expect(await hands.toggle(5_000)).toBe(true);
    expect(hands.mine).toBe(true);
    expect(hands.queue).toEqual(['local']);
    expect(await hands.toggle(6_000)).toBe(true);
    expect(sent).toEqual([{ name: 'Ada', hand: 5_000 }, { name: 'Ada' }]);
    expect(hands.mine).toBe(false);
  });

  it('says why when there is no publication, and undoes a hand the server did not take', async () => {
    const empty = context(null);
    expect(await new RaisedHands(empty.signals).toggle()).toBe(false);
    expect(empty.notices).toEqual(['hands.notice.unavailable']);
    const { stream } = ownStream();
    stream.setAttributes = () => Promise.reject(new Error('not connected'));
    const failing = context(stream);
    const hands = new RaisedHands(failing.signals);
    expect(await hands.toggle()).toBe(false);
    expect(hands.mine).toBe(false);
    expect(failing.notices).toEqual(['hands.notice.failed']);
  });
});

describe('Reactions', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('floats a reaction over its sender for 3 s and announces it', () => {
    const { signals, announced } = context();
    const reactions = new Reactions(signals);
    expect(reactions.receive('r:1', { type: 'licode-desktop/reaction', v: 1, emoji: '🎉' }, 'Ann')).toBe(true);
    expect(reactions.on('r:1').map((r) => r.emoji)).toEqual(['🎉']);
    expect(announced).toEqual(['Ann reacted: celebration']);
    vi.advanceTimersByTime(REACTION_SHOWN_MS);
    expect(reactions.on('r:1')).toEqual([]);
  });

  it('ignores hostile messages and a flood from one sender', () => {
    const { signals, announced } = context();
    const reactions = new Reactions(signals);
    expect(reactions.receive('r:1', { type: 'licode-desktop/reaction', v: 1, emoji: 'x'.repeat(10_000) }, 'Ann')).toBe(false);
    const shown = Array.from({ length: 50 }, () => reactions.receive('r:1', { type: 'licode-desktop/reaction', v: 1, emoji: '👍' }, 'Ann'));
    expect(shown.filter(Boolean)).toHaveLength(5);
    expect(reactions.on('r:1')).toHaveLength(5);
    expect(announced).toHaveLength(5);
    expect(reactions.receive('r:2', { type: 'licode-desktop/reaction', v: 1, emoji: '👍' }, 'Bo')).toBe(true);
  });

  it('sends ours as a data message and shows it over our own tile (Licode does not echo it)', async () => {
    const { stream, sent } = ownStream();
    const reactions = new Reactions(context(stream).signals);
    expect(await reactions.send('👏')).toBe(true);
    expect(sent).toEqual([{ type: 'licode-desktop/reaction', v: 1, emoji: '👏' }]);
    expect(reactions.on('local').map((r) => r.emoji)).toEqual(['👏']);
    reactions.clear();
    expect(reactions.on('local')).toEqual([]);
  });
});
