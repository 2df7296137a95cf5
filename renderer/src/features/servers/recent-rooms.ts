import { app } from '../../state/app.svelte';

/**
 * Lists a room among the recent rooms once the person is really in it (the call connected), not when a token was
 * issued and not for a room nobody joined yet. Failing to remember it is no reason to disturb the call.
 */
export async function rememberJoinedRoom(profileId: string, room: string): Promise<void> {
  try {
    app.setConfig(await app.host.call('recentRooms:add', { profileId, room }));
  } catch (error) {
    console.warn('Could not add the room to the recent rooms', error);
  }
}
