import { describe, expect, it } from 'vitest';
import { ActiveSpeaker } from './active-speaker';
import { readChatMessage } from './chat-message';
import { gridFit, remoteTilesPerPage } from './grid-fit';
import { qualityLevel } from './quality-level';
import { CAPS, tileSize } from './subscription-caps';

describe('adaptive subscription caps', () => {
  it('gives the staged tile full quality and thumbnails a small cap', () => {
    const facts = { layout: 'stage' as const, tileCount: 8, stagedKey: 'r:5' };
    expect(tileSize('r:5', facts)).toBe('full');
    expect(tileSize('r:6', facts)).toBe('thumb');
    expect(CAPS.thumb).toEqual({ width: 320, height: 180, frameRate: 15 });
  });
  it('shrinks grid tiles as the room grows, so decoded pixels stay nearly flat', () => {
    const grid = (n: number) => tileSize('r:1', { layout: 'grid', tileCount: n, stagedKey: null });
    expect([2, 4, 6, 7, 16].map(grid)).toEqual(['full', 'medium', 'medium', 'thumb', 'thumb']);
    const pixels = (n: number) => {
      const cap = CAPS[grid(n)];
      return (n - 1) * (cap ? cap.width * cap.height * cap.frameRate : 1280 * 720 * 30);
    };
    // 15 thumbnails cost less than 5 medium tiles do.
    expect(pixels(16)).toBeLessThan(pixels(6));
  });
});

describe('active speaker', () => {
  it('holds the speaker through short pauses and switches to someone clearly louder', () => {
    const speaker = new ActiveSpeaker({ threshold: 0.05, holdMs: 1000 });
    expect(
      speaker.update(
        new Map([
          ['a', 0.3],
          ['b', 0.01],
        ]),
        0,
      ),
    ).toBe('a');
    expect(
      speaker.update(
        new Map([
          ['a', 0.01],
          ['b', 0.01],
        ]),
        500,
      ),
    ).toBe('a');
    expect(
      speaker.update(
        new Map([
          ['a', 0.01],
          ['b', 0.01],
        ]),
        1600,
      ),
    ).toBeNull();
    expect(
      speaker.update(
        new Map([
          ['a', 0.2],
          ['b', 0.22],
        ]),
        2000,
      ),
    ).toBe('b');
    expect(
      speaker.update(
        new Map([
          ['a', 0.25],
          ['b', 0.22],
        ]),
        2500,
      ),
    ).toBe('b');
    expect(
      speaker.update(
        new Map([
          ['a', 0.6],
          ['b', 0.22],
        ]),
        3000,
      ),
    ).toBe('a');
  });
  it('forgets a speaker who left', () => {
    const speaker = new ActiveSpeaker();
    speaker.update(new Map([['a', 0.5]]), 0);
    expect(speaker.update(new Map([['b', 0]]), 100)).toBeNull();
  });
});

describe('chat wire format', () => {
  it('accepts a chat message and rejects everything else', () => {
    expect(readChatMessage({ type: 'chat', id: 'x1', text: ' hi ' })).toEqual({ type: 'chat', id: 'x1', text: 'hi' });
    for (const bad of [
      null,
      'hi',
      { type: 'chat', id: 'x', text: '' },
      { type: 'chat', id: 'x', text: 'a'.repeat(2001) },
      { type: 'other', id: 'x', text: 'hi' },
      { type: 'chat', id: 3, text: 'hi' },
    ]) {
      expect(readChatMessage(bad)).toBeNull();
    }
  });
});

describe('quality level', () => {
  const q = (loss: number, rtt?: number) => ({
    streamId: 1,
    direction: 'subscribe' as const,
    bitrateKbps: 300,
    packetLossPercent: loss,
    rttMs: rtt,
    framesPerSecond: 30,
    width: 640,
    height: 480,
    audioLevel: 0,
    serverLevel: undefined,
  });
  it('grades loss and round-trip time', () => {
    expect(qualityLevel(null)).toBe('unknown');
    expect(qualityLevel(q(0, 20))).toBe('good');
    expect(qualityLevel(q(3, 20))).toBe('fair');
    expect(qualityLevel(q(0, 600))).toBe('poor');
  });
});

describe('grid fit', () => {
  it('lays four tiles out 2×2 in a 16:9 area and a row in a wide strip', () => {
    expect(gridFit(4, 1280, 720, 0)).toMatchObject({ columns: 2, rows: 2, tileWidth: 640, width: 1280 });
    expect(gridFit(3, 1800, 300, 0).columns).toBe(3);
    expect(gridFit(5, 800, 450, 8).columns).toBe(3);
  });
  it('prefers a full row of three to a 2×2 with an empty cell when the tiles come out nearly as large', () => {
    // 2×2 would give 355 px tiles and an empty cell; 3×1 gives 333 px tiles and none.
    expect(gridFit(3, 1000, 400, 0)).toMatchObject({ columns: 3, rows: 1 });
    // Clearly larger tiles still win: the last row (2 + 1) is then centred by the view, not left with a gap.
    expect(gridFit(3, 1280, 720, 8)).toMatchObject({ columns: 2, rows: 2 });
  });
  it('gives whole-pixel tiles whose row fits exactly in the grid width (no early wrap)', () => {
    const areas: Array<[number, number, number]> = [
      [3, 1248, 560],
      [9, 771, 431],
      [16, 1887, 911],
    ];
    for (const [count, width, height] of areas) {
      const fit = gridFit(count, width, height);
      expect(Number.isInteger(fit.tileWidth)).toBe(true);
      expect(fit.width).toBe(fit.columns * fit.tileWidth + 8 * (fit.columns - 1));
      expect(fit.width).toBeLessThanOrEqual(width);
      expect(fit.rows * fit.tileHeight + 8 * (fit.rows - 1)).toBeLessThanOrEqual(height);
    }
  });
});

describe('remote tiles per grid page', () => {
  it('puts a 25-person meeting on one page of a 1280×720 window, fewer in a smaller one, 15 in the smallest', () => {
    // The call's video area at 1280×720 (control bar, top bar and page control taken off): 26 cells of ≥ 160 px.
    expect(remoteTilesPerPage(1248, 540)).toBe(25);
    expect(gridFit(26, 1248, 540).tileWidth).toBeGreaterThanOrEqual(160);
    // In between, the most that keep 160 px: 24 in 900×500 (25 would make them 143 px).
    expect(remoteTilesPerPage(900, 500)).toBe(24);
    expect(gridFit(25, 900, 500).tileWidth).toBeGreaterThanOrEqual(160);
    expect(gridFit(26, 900, 500).tileWidth).toBeLessThan(160);
    // 800×600's video area: not even 16 cells fit at 160 px, so it pages by 15.
    expect(remoteTilesPerPage(768, 376)).toBe(15);
  });
  it('never shows fewer than 15 or more than 25 others on a page, and 15 before the size is known', () => {
    expect(remoteTilesPerPage(0, 0)).toBe(15);
    expect(remoteTilesPerPage(400, 300)).toBe(15);
    expect(remoteTilesPerPage(3840, 2160)).toBe(25);
  });
});
