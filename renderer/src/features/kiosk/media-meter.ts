/**
 * The media figures of the kiosk's heartbeat: cumulative inbound and outbound counters main compares between
 * heartbeats to tell whether media still flows (its watchdog rejoins after a configurable silence). Inbound frames
 * are the frames the room display actually decoded; bytes are integrated from the library's 1 Hz quality samples,
 * counting only samples that are new since the last heartbeat, so stats that stopped do not look like media.
 */
import type { MediaCounters } from '../../../../common/kiosk/kiosk-contract';

/** What the meter reads from the call (a structural slice of CallSession, so it is testable without one). */
export interface MeteredCall {
  readonly remotes: ReadonlyArray<{ key: string; mediaStream: MediaStream | null; quality: { bitrateKbps: number } | null }>;
  readonly localQuality: { bitrateKbps: number; framesPerSecond: number | undefined } | null;
  readonly sending: boolean;
}

export class MediaMeter {
  #inbound: MediaCounters = { bytes: 0, frames: 0 };
  #outbound: MediaCounters = { bytes: 0, frames: 0 };
  #seen = new Map<string, object>();
  #lastAt: number | null = null;
  #lastDecoded = 0;

  /** `decodedFrames`: total video frames decoded by the room display's remote videos so far. */
  sample(call: MeteredCall, decodedFrames: number, now = Date.now()): { inbound: MediaCounters | null; outbound: MediaCounters | null } {
    const seconds = this.#lastAt === null ? 0 : Math.max(0, (now - this.#lastAt) / 1000);
    this.#lastAt = now;
    const receiving = call.remotes.filter((remote) => remote.mediaStream !== null);
    for (const remote of receiving) {
      const fresh = this.#fresh(remote.key, remote.quality);
      if (fresh) this.#inbound.bytes += (fresh.bitrateKbps * 1000 * seconds) / 8;
    }
    // Videos replaced by a rejoin start counting from zero again: a total that went down is a new start, not a loss.
    this.#inbound.frames += decodedFrames >= this.#lastDecoded ? decodedFrames - this.#lastDecoded : decodedFrames;
    this.#lastDecoded = decodedFrames;
    const local = this.#fresh('local', call.localQuality);
    if (local) {
      this.#outbound.bytes += (local.bitrateKbps * 1000 * seconds) / 8;
      this.#outbound.frames += (local.framesPerSecond ?? 0) * seconds;
    }
    return {
      inbound: receiving.length > 0 ? { ...this.#inbound } : null,
      outbound: call.sending ? { ...this.#outbound } : null,
    };
  }

  #fresh<Q extends object>(key: string, quality: Q | null): Q | null {
    if (quality === null || this.#seen.get(key) === quality) return null;
    this.#seen.set(key, quality);
    return quality;
  }
}
