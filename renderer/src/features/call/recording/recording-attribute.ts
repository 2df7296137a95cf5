import * as v from 'valibot';

/**
 * "Recording" is STATE of the recorder's camera stream, like a raised hand (../reactions/raised-hand.ts): Licode records
 * one stream per recording and tells nobody, so whoever records says so in their attributes. Attribute updates reach
 * every data subscriber, late joiners read them in the join list, and the mark goes away with its stream. Other
 * Licode clients do not read the key.
 */
export const RECORDING_ATTRIBUTE = 'recording';

/** When the recording started (ms since the epoch, the recorder's clock). Anything else is no recording. */
const RecordingSchema = v.pipe(v.number(), v.safeInteger(), v.minValue(0));

/** Since when `attributes` say their owner records; null when they do not. */
export function recordingSince(attributes: Readonly<Record<string, unknown>>, now: number): number | null {
  const result = v.safeParse(RecordingSchema, attributes[RECORDING_ATTRIBUTE]);
  // Clocks differ between machines: a start "in the future" counts as now, so the time shown never runs backwards.
  return result.success ? Math.min(result.output, now) : null;
}

/** The attributes with the recording mark set (`since`) or removed (null); the other attributes are kept as they are. */
export function withRecording(attributes: Readonly<Record<string, unknown>>, since: number | null): Record<string, unknown> {
  // Licode replaces the attributes wholesale, so the name, a raised hand and the rest are sent again with the mark.
  const { [RECORDING_ATTRIBUTE]: _previous, ...rest } = attributes;
  return since === null ? rest : { ...rest, [RECORDING_ATTRIBUTE]: since };
}
