/**
 * Where a join spends its time, from the app's `licode:*` performance marks (renderer: PreJoin, CallSession and
 * the Licode library) plus the first decoded frame the benchmark saw in the tile.
 */
import type { Mark } from './web-host-app';

/** [phase, from mark, to mark]; 'first-frame' is the benchmark's own observation, not a mark. */
export const JOIN_PHASES = [
  ['token', 'licode:join-click', 'licode:token'],
  ['call screen', 'licode:token', 'licode:call-start'],
  ['detection', 'licode:call-start', 'licode:detected'],
  ['socket', 'licode:detected', 'licode:socket-open'],
  ['join grant', 'licode:socket-open', 'licode:join-granted'],
  ['subscribe request', 'licode:join-granted', 'licode:subscribe'],
  ['subscribe ack', 'licode:subscribe', 'licode:subscribe-ack'],
  ['ICE/DTLS', 'licode:subscribe-ack', 'licode:subscription-ready'],
  ['first frame', 'licode:subscription-ready', 'first-frame'],
] as const;

/** For a stream announced while in the call: from the announcement the benchmark timed to the frame. */
export const REMOTE_PHASES = [
  ['announce → subscribe', 'announced', 'licode:subscribe'],
  ['subscribe ack', 'licode:subscribe', 'licode:subscribe-ack'],
  ['ICE/DTLS', 'licode:subscribe-ack', 'licode:subscription-ready'],
  ['first frame', 'licode:subscription-ready', 'first-frame'],
] as const;

export type PhaseTable = readonly (readonly [string, string, string])[];

/**
 * Times of each phase (ms) of one run. The phases are a chain (each starts where the previous one ended), so a phase
 * is never negative and they add up to the total. `points` holds the benchmark's own instants ('first-frame',
 * 'announced'); subscription marks count for `streamId` only (whenever they came: a stream announced by the server can
 * be subscribed within the millisecond the benchmark's clock reading takes), other marks from `since` on. A mark set
 * only before `since` is work done before the click — pre-join connects early (features/prejoin/meeting-preview) — and
 * its phase takes no time of the join. A mark the app never set makes the phase NaN.
 */
export function phaseDurations(
  table: PhaseTable,
  marks: readonly Mark[],
  since: number,
  streamId: string,
  points: Record<string, number>,
): Record<string, number> {
  const at = (name: string): number => {
    if (name in points) return points[name]!;
    const forStream = name.startsWith('licode:subscri');
    const ofThisRun = marks.filter((m) => m.name === name && (!forStream || String(m.detail) === streamId));
    const mark = forStream ? ofThisRun[0] : ofThisRun.find((m) => m.at >= since);
    if (mark) return Math.max(mark.at, since);
    return ofThisRun.length > 0 ? since : NaN;
  };
  let previous: number | null = null;
  return Object.fromEntries(
    table.map(([phase, from, to]) => {
      const start: number = previous ?? at(from);
      const end = Math.max(start, at(to));
      previous = end;
      return [phase, end - start];
    }),
  );
}
