import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { identityOf, PresenceAnnouncer, PresentIdentities, REJOIN_WINDOW_MS, type PresenceAnnouncement, type PresenceStream } from './presence-announcements';

const ana: PresenceStream = { name: 'Ana', named: true, screen: false };
const anaAgain: PresenceStream = { name: 'Ana', named: true, screen: false };
const anaScreen: PresenceStream = { name: 'Ana', named: true, screen: true };
const bob: PresenceStream = { name: 'Bob', named: true, screen: false };
const guest: PresenceStream = { name: 'Guest 4821', named: false, screen: false };

/** The identities of the streams currently in the call, as the call session keeps them. */
const present = (...streams: PresenceStream[]): PresentIdentities => {
  const identities = new PresentIdentities();
  for (const stream of streams) identities.add(stream);
  return identities;
};

let said: PresenceAnnouncement[];
let announcer: PresenceAnnouncer;

beforeEach(() => {
  vi.useFakeTimers();
  said = [];
  announcer = new PresenceAnnouncer((a) => said.push(a));
});
afterEach(() => {
  announcer.dispose();
  vi.useRealTimers();
});

describe('PresenceAnnouncer', () => {
  it('announces a real arrival at once and a real departure after the rejoin window', () => {
    announcer.added(ana, present(bob));
    expect(said).toEqual([{ kind: 'joined', name: 'Ana', screen: false }]);
    announcer.removed(ana, present(bob));
    vi.advanceTimersByTime(REJOIN_WINDOW_MS - 1);
    expect(said).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(said).toEqual([
      { kind: 'joined', name: 'Ana', screen: false },
      { kind: 'left', name: 'Ana', screen: false },
    ]);
  });

  it('says nothing when the new stream appears before the old one is removed (rejoin)', () => {
    announcer.added(anaAgain, present(ana, bob));
    announcer.removed(ana, present(anaAgain, bob));
    vi.advanceTimersByTime(REJOIN_WINDOW_MS * 3);
    expect(said).toEqual([]);
  });

  it('says nothing when the old stream goes first and the participant is back within the window', () => {
    announcer.removed(ana, present(bob));
    vi.advanceTimersByTime(REJOIN_WINDOW_MS - 100);
    announcer.added(anaAgain, present(bob));
    vi.advanceTimersByTime(REJOIN_WINDOW_MS * 3);
    expect(said).toEqual([]);
  });

  it('a return found in our own join list (not announced itself) still cancels the departure', () => {
    announcer.removed(ana, present());
    announcer.added(anaAgain, present(), false);
    vi.advanceTimersByTime(REJOIN_WINDOW_MS);
    expect(said).toEqual([]);
  });

  it('announces the departure when the participant comes back only after the window, and then the arrival', () => {
    announcer.removed(ana, present(bob));
    vi.advanceTimersByTime(REJOIN_WINDOW_MS);
    announcer.added(anaAgain, present(bob));
    expect(said.map((a) => a.kind)).toEqual(['left', 'joined']);
  });

  it('matches names case-insensitively but never a different person, nor a screen share for a camera', () => {
    announcer.removed(ana, present({ name: 'ANA', named: true, screen: false }));
    announcer.removed(bob, present(anaScreen));
    vi.advanceTimersByTime(REJOIN_WINDOW_MS);
    expect(said).toEqual([{ kind: 'left', name: 'Bob', screen: false }]);
    said = [];
    announcer.removed(ana, present(anaScreen));
    vi.advanceTimersByTime(REJOIN_WINDOW_MS);
    expect(said).toEqual([{ kind: 'left', name: 'Ana', screen: false }]);
  });

  it('screen shares follow the same rule: a republished share is not "stopped" and "started"', () => {
    announcer.added({ ...anaScreen }, present(anaScreen));
    announcer.removed(anaScreen, present({ ...anaScreen }));
    vi.advanceTimersByTime(REJOIN_WINDOW_MS);
    expect(said).toEqual([]);
  });

  it('guests cannot be recognised: their departure is announced at once', () => {
    announcer.removed(guest, present({ ...guest }));
    expect(said).toEqual([{ kind: 'left', name: 'Guest 4821', screen: false }]);
    expect(identityOf(guest)).toBeNull();
  });

  it('two streams of one participant removed together give one departure', () => {
    announcer.removed(ana, present(anaAgain));
    announcer.removed(anaAgain, present());
    vi.advanceTimersByTime(REJOIN_WINDOW_MS);
    expect(said).toEqual([{ kind: 'left', name: 'Ana', screen: false }]);
  });

  it('does not announce arrivals found at join, and forgets pending departures when the call ends', () => {
    announcer.added(ana, present(), false);
    announcer.removed(bob, present(ana));
    announcer.dispose();
    vi.advanceTimersByTime(REJOIN_WINDOW_MS * 2);
    expect(said).toEqual([]);
  });
});

describe('PresentIdentities', () => {
  it('counts streams per participant, so one of two streams leaving keeps the participant present', () => {
    const identities = present(ana, anaAgain, guest);
    identities.remove(ana);
    expect(identities.has(identityOf(ana)!)).toBe(true);
    identities.remove(anaAgain);
    expect(identities.has(identityOf(ana)!)).toBe(false);
  });
});
