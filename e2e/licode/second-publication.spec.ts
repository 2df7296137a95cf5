import { expect, test, type Participant } from './fixtures';

/**
 * Issue 9: on the test server a second publication reached an existing subscriber after 3.1–7.5 s, on a real Licode
 * after 0.16–0.31 s. Chromium on both ends, dialect C, Licode's default layout and single PC: from bob's
 * `stream-added` of alice's second publication to its first decoded frame at bob.
 */

async function firstFrameAfter(bob: Participant, id: number, timeoutMs = 15_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const media = await bob.media();
    if ((media.find((m) => m.id === id)?.framesDecoded ?? 0) > 0) return Date.now();
    if (Date.now() > deadline) throw new Error(`no decoded frame of ${id} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

for (const singlePC of [false, true]) {
  test(`C ${singlePC ? 'single PC' : 'default layout'}: a second publication is decoded by an existing subscriber within 1 s of its stream-added`, async ({
    world,
  }) => {
    test.setTimeout(90_000);
    await world.server({ dialect: 'C', allowSinglePC: singlePC });
    const alice = await world.participant('alice');
    const bob = await world.participant('bob');
    await alice.join({ singlePC });
    const first = await alice.publish();
    await bob.join({ singlePC });
    await bob.expectMediaFrom([first]);
    const figures: Record<string, number>[] = [];
    for (let run = 0; run < 3; run += 1) {
      const t0 = Date.now();
      const second = await alice.publish({ video: { width: 320, height: 240 } });
      const published = Date.now();
      const decoded = await firstFrameAfter(bob, second);
      const events = await bob.events();
      const added = events.find((e) => e.type === 'stream-added' && e.id === second)!.t;
      const media = events.find((e) => e.type === 'stream-media' && e.id === second)?.t ?? NaN;
      figures.push({ publishResolved: published - t0, added: added - t0, media: media - t0, decoded: decoded - t0, addedToDecoded: decoded - added });
      await alice.run('unpublish');
      await expect.poll(() => bob.remoteIds()).toEqual([first]);
    }
    console.log(`[second publication, ${singlePC ? 'single PC' : 'default layout'}] ms from publish(): ${JSON.stringify(figures)}`);
    for (const f of figures) expect(f.addedToDecoded).toBeLessThan(1_000);
  });
}
