/**
 * Where a join goes and how it gets its tokens: the part of the join flow the pre-join screen and the kiosk share
 * (the kiosk's target comes from main's kiosk configuration, pre-join's from a saved server profile). Light on
 * purpose: the first screens import it, the call session (call-session-factory.ts) loads with the call.
 */
import type { CreatedToken, DetectedGeneration, Generation, ServerProfile } from '../../../../common/api-contract';
import { app } from '../../state/app.svelte';
import { requestToken } from '../servers/token-request';

export interface JoinTarget {
  room: string;
  displayName: string;
  generation: Generation;
  /** The generation detected earlier for this server (skips the probe with 'auto'). */
  knownGeneration: DetectedGeneration | null;
  allowSelfSigned: boolean;
  /** A fresh single-use token for every join and rejoin. */
  freshToken(): Promise<CreatedToken>;
  /** Keeps a newly detected generation for the next join (a saved profile remembers it; the kiosk for this page). */
  rememberGeneration(generation: DetectedGeneration): void;
}

/** Joining through a saved server profile: main looks up its URL, role and TLS choice for each token. */
export function profileJoinTarget(profile: ServerProfile, room: string, displayName: string): JoinTarget {
  return {
    room,
    displayName,
    generation: profile.generation,
    knownGeneration: profile.detectedGeneration ?? null,
    allowSelfSigned: profile.allowSelfSigned,
    freshToken: () => requestToken(profile, room, displayName),
    rememberGeneration: (generation) => void app.rememberGeneration(profile.id, generation),
  };
}
