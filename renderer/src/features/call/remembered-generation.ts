/**
 * Which Licode generation a join uses, and what to remember for the server profile afterwards. Detection (§1.4)
 * opens a token-less socket, which a real ErizoController logs as a failed token authentication on every join; so
 * the generation found once is remembered per profile and later joins skip the probe. Framework-free and unit-tested.
 *
 *  - A forced generation (profile says A or C) is used as it is: never a probe, nothing remembered.
 *  - 'auto' with a remembered generation: joined with it, no probe. If that join fails in a way that does not prove
 *    the server speaks it, the caller detects again (new Room, fresh token: a socket.io 2 server with the token
 *    middleware may have consumed the first one) and remembers the new result.
 *  - 'auto' without one: probe, and remember what was found once the join succeeded.
 */
import { LicodeError, type DetectedGeneration, type Generation } from '../../licode/index';

export interface GenerationPlan {
  generation: Generation;
  /** Set when a remembered generation replaces the probe. */
  knownGeneration?: DetectedGeneration;
}

export function planGeneration(generation: Generation, remembered: DetectedGeneration | null | undefined): GenerationPlan {
  return generation === 'auto' && remembered ? { generation, knownGeneration: remembered } : { generation };
}

/**
 * Whether a failed join should be repeated with detection. Not when nothing was remembered (the probe already ran,
 * or the generation is forced), and not when the server refused the token in the remembered dialect's own words
 * (`token-refused`) or the token could not even be read (`token-invalid`): the generation was right then. Every
 * other failure — the socket.io handshake refused (HTTP 400 for the other Engine.IO version), a v2/v4 mismatch
 * (`connect_error`), silence (timeout) — is what a server that changed generation looks like.
 */
export function shouldRedetect(plan: GenerationPlan, error: unknown): boolean {
  if (plan.generation !== 'auto' || !plan.knownGeneration) return false;
  return !(error instanceof LicodeError && (error.code === 'token-refused' || error.code === 'token-invalid'));
}

/** After a successful join with `plan`: the generation to store for the profile, or null when nothing changes. */
export function generationToRemember(plan: GenerationPlan, used: DetectedGeneration | null): DetectedGeneration | null {
  if (plan.generation !== 'auto' || !used) return null;
  const known = plan.knownGeneration;
  if (known && known.dialect === used.dialect && known.socketIo === used.socketIo) return null;
  return { dialect: used.dialect, socketIo: used.socketIo } as DetectedGeneration;
}
