import type { PublicationEntry } from './publications';
import type { StreamQuality } from './stats';
import type { SubscriptionEntry } from './subscriptions';

/** Samples every publication's senders and every subscription's receivers once per period (1 Hz by default). */
export class QualitySampling {
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly media: () => { publications: Iterable<PublicationEntry>; subscriptions: Iterable<SubscriptionEntry> },
    private readonly report: (quality: StreamQuality) => void,
  ) {}

  start(periodMs: number): void {
    if (periodMs <= 0 || this.#timer) return;
    this.#timer = setInterval(() => void this.#sample(), periodMs);
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async #sample(): Promise<void> {
    const now = Date.now();
    const { publications, subscriptions } = this.media();
    const jobs: Array<Promise<void>> = [];
    for (const p of publications) {
      const sampler = p.sampler;
      if (!sampler || p.senders.length === 0 || p.streamId === undefined) continue;
      jobs.push(Promise.all(p.senders.map((s) => s.getStats())).then((reports) => this.report(sampler.sample(reports, now))));
    }
    for (const s of subscriptions) {
      const sampler = s.sampler;
      if (!sampler || s.receivers.length === 0) continue;
      jobs.push(Promise.all(s.receivers.map((r) => r.getStats())).then((reports) => this.report(sampler.sample(reports, now))));
    }
    await Promise.allSettled(jobs);
  }
}
