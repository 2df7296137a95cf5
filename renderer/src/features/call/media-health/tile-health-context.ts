import { getContext, setContext } from 'svelte';
import type { MediaHealth } from './media-health.svelte';

/**
 * The call's media health, given by the call view to every tile through Svelte context: tiles are rendered in many
 * places (grid, stage, filmstrip, presenter views) that need not pass it.
 */
const KEY = Symbol('media-health');

export function provideMediaHealth(health: MediaHealth): void {
  setContext(KEY, health);
}

/** The call's media health, or undefined for a tile shown outside a call view. */
export function mediaHealth(): MediaHealth | undefined {
  return getContext<MediaHealth | undefined>(KEY);
}
