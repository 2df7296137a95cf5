// A publication whose media never becomes ready is retried by the library, and the failed attempt is reported with
// the stage it stopped at (issue 9, defect 2): the test server's publish-stall fault, Chromium on both sides.
import type { AdminClient } from '../server/admin-client';
import type { TestServerOptions } from '../server/index';
import { expect, test, type HarnessEvent, type Participant } from './fixtures';

async function clientIdOf(admin: AdminClient, name: string): Promise<string> {
  const client = (await admin.clients()).find((c) => c.name === name);
  if (!client) throw new Error(`no client named ${name}`);
  return client.clientId;
}

const publicationStates = async (p: Participant): Promise<HarnessEvent[]> => (await p.events()).filter((e) => e.type === 'publication-state');

const CASES: Array<{ label: string; options: TestServerOptions }> = [
  { label: 'A v5', options: { dialect: 'A', aVersion: 'v5' } },
  { label: 'C', options: { dialect: 'C' } },
];

for (const { label, options } of CASES) {
  test(`${label}: a publication whose ICE/DTLS never connects is reported as such, retried, and the other side decodes it`, async ({ world }) => {
    test.setTimeout(120_000);
    const { admin } = await world.server(options);
    const alice = await world.participant('alice');
    const bob = await world.participant('bob');
    await alice.join();
    await bob.join();
    // Alice's next publication is answered, but no packet of it ever passes: ICE checks never succeed.
    await admin.stallPublishes({ count: 1, mode: 'no-connect', clientId: await clientIdOf(admin, 'alice') });
    const started = Date.now();
    const aliceId = await alice.publish({ attributes: { name: 'alice' } }); // resolves once the retry is ready
    const tookMs = Date.now() - started;
    console.log(`[rejoin ${label}] publish with one stalled attempt ready after ${tookMs} ms`);
    // The first attempt ended when Chromium gave up its ICE checks (about 15–18 s) or at the 20 s media timeout.
    expect(tookMs).toBeGreaterThan(5_000);
    const states = await publicationStates(alice);
    expect(states.map((e) => [e.state, e.code])).toEqual([
      ['retrying', 'ice'],
      ['ready', undefined],
    ]);
    expect(states[0]!.message).toMatch(/ICE\/DTLS\) never connected/);
    // The stalled stream is gone from the server; the retried one is the one everybody sees.
    expect((await admin.streams()).map((s) => s.id)).toEqual([aliceId]);
    await expect.poll(() => bob.remoteIds(), { timeout: 15_000 }).toEqual([aliceId]);
    await bob.expectMediaFrom([aliceId]);
    expect((await alice.state()).state).toBe('connected');
  });
}
