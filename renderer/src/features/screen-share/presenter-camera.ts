/**
 * Which camera belongs to the presenter of a share on the stage. Licode tells receivers nothing about who published
 * a stream (no client id in the stream list), so the share and the camera are matched by the participant's name:
 * the one camera tile with the share's name. Two cameras with that name are ambiguous and give none rather than a
 * wrong face; guests' generated names differ per stream and never match.
 */
import type { Tile } from '../call/call-session.svelte';

export function presenterCameraOf(share: Tile, tiles: readonly Tile[]): Tile | null {
  const cameras = tiles.filter((tile) => !tile.screen && !tile.local && tile.name === share.name);
  return cameras.length === 1 ? cameras[0]! : null;
}
