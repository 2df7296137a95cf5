import { getContext, setContext } from 'svelte';
import type { RaisedHands } from './hands.svelte';
import type { Reactions } from './reactions.svelte';

/**
 * The call's hands and reactions, given by the call view to every tile and the participant list below it through
 * Svelte context: tiles are rendered in many places (grid, stage, filmstrip, presenter views) that need not pass them.
 */
export interface TileSignals {
  hands: RaisedHands;
  reactions: Reactions;
}

const KEY = Symbol('tile-signals');

export function provideTileSignals(signals: TileSignals): void {
  setContext(KEY, signals);
}

/** The call's hands and reactions, or undefined for a tile shown outside a call view. */
export function tileSignals(): TileSignals | undefined {
  return getContext<TileSignals | undefined>(KEY);
}
