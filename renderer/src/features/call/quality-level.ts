import type { StreamQuality } from '../../licode/index';

export type QualityLevel = 'good' | 'fair' | 'poor' | 'unknown';

/** A three-step verdict for the tile's indicator: loss and round-trip time matter most for a call. */
export function qualityLevel(q: StreamQuality | null | undefined): QualityLevel {
  if (!q) return 'unknown';
  if (q.serverLevel === 0 || q.packetLossPercent >= 8 || (q.rttMs ?? 0) >= 500) return 'poor';
  if (q.serverLevel === 1 || q.packetLossPercent >= 2 || (q.rttMs ?? 0) >= 250) return 'fair';
  return 'good';
}
