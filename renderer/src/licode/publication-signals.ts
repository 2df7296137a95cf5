// Mute state and attributes of a publication: what the local tracks do and what the server and others are told.
import type { PublicationEntry } from './publications';
import type { RoomSession } from './session';
import { MUTE_ATTRIBUTE } from './streams';

/** The mute state travels inside the attributes too, so every participant (and late joiners) can show it. */
export function publishedAttributes(entry: PublicationEntry): Record<string, unknown> {
  return { ...entry.attributes, [MUTE_ATTRIBUTE]: { ...entry.muted } };
}

export function applyTrackMute(entry: PublicationEntry): void {
  for (const t of entry.mediaStream.getAudioTracks()) t.enabled = !entry.muted.audio;
  for (const t of entry.mediaStream.getVideoTracks()) t.enabled = !entry.muted.video;
}

/** Licode's own `muteStream` signalling, so the server stops forwarding what is muted. */
export function sendMuteSignal(session: RoomSession, entry: PublicationEntry): void {
  if (entry.streamId === undefined) return;
  const config = { muteStream: { ...entry.muted } };
  if (session.dialect === 'A') entry.a?.sendUpdate(config);
  else
    session.transport?.send('streamMessage', [
      { options: { streamId: entry.streamId, erizoId: entry.erizoId, msg: { type: 'updatestream', config }, browser: 'chrome-stable' }, sdp: null },
    ]);
}

export async function sendAttributes(session: RoomSession, entry: PublicationEntry): Promise<void> {
  if (entry.streamId === undefined) return; // applied when (re)published
  await session.sendMaybeAcked('updateStreamAttributes', { id: entry.streamId, attrs: publishedAttributes(entry) });
}
