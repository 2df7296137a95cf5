/**
 * The Licode side of pre-join's early connection (meeting-preview.svelte.ts): the room, joined the way the call would
 * join it, and the subscriptions made ahead of Join. Loaded on demand with the Licode library, which the first
 * screens must not carry.
 */
import type { CreatedToken } from '../../../../common/api-contract';
import { Room, type RemoteStream } from '../../licode/index';
import { participantName, type ParticipantName } from '../call/participant-name';
import { generationToRemember, planGeneration } from '../call/remembered-generation';
import { CAPS, tileSize } from '../call/subscription-caps';
import type { JoinTarget } from '../join/join-target';
import { holdWarmVideo, releaseWarmVideo, releaseWarmVideos } from '../call/warm-videos';

/**
 * Participants whose media pre-join already subscribes to (their cameras play muted on an invisible shelf, their sound
 * nowhere) so the call opens with their video instead of starting its peer connections after the click: the first
 * grid's worth for a small meeting, which is what a person sees first. The call takes these subscriptions and playing
 * videos over and re-fits the subscriptions to its layout.
 */
const WARM_SUBSCRIPTIONS = 9;

export interface PreviewRoomHandlers {
  /** Who publishes a camera or microphone changed (also called once after joining). */
  people(people: ParticipantName[]): void;
  /** The session is gone for good. */
  lost(): void;
}

/**
 * The room, created and listened to; `join` joins it. `stopListening` ends the handlers (the call takes the room and
 * the cameras already playing, call/warm-videos.ts); `close` leaves the room and stops those videos.
 */
export interface PreviewRoom {
  room: Room;
  join(): Promise<void>;
  stopListening(): void;
  close(): Promise<void>;
}

export function createPreviewRoom(target: JoinTarget, token: CreatedToken, handlers: PreviewRoomHandlers): PreviewRoom {
  const plan = planGeneration(target.generation, target.knownGeneration);
  const room = new Room({
    ...plan,
    allowSelfSigned: target.allowSelfSigned,
    tokenProvider: async () => (await target.freshToken()).encoded,
  });
  /** The camera each warm video plays, by stream (the library may have dropped it by the time a stream is removed). */
  const warm = new Map<RemoteStream['id'], MediaStream>();
  const refresh = () => {
    handlers.people(presentPeople(room.remoteStreams.values()));
    if (room.state === 'connected') warmUp(room);
  };
  const stops = [
    room.on('stream-added', refresh),
    room.on('stream-removed', (stream) => {
      const playing = warm.get(stream.id);
      warm.delete(stream.id);
      if (playing) releaseWarmVideo(playing);
      refresh();
    }),
    // Cameras (not screens: the call shows those on a stage of their own) play from now on, ready for the call's tiles.
    room.on('stream-media', ({ stream, mediaStream }) => {
      if (!stream.video || stream.screen) return;
      const previous = warm.get(stream.id);
      if (previous && previous !== mediaStream) releaseWarmVideo(previous); // media replaced after a recovery
      warm.set(stream.id, mediaStream);
      holdWarmVideo(mediaStream);
    }),
    room.on('stream-attributes', refresh),
    room.on('connection-state', ({ state }) => {
      if (state === 'failed' || state === 'left') handlers.lost();
    }),
  ];
  return {
    room,
    async join() {
      await room.join(token.encoded);
      const remember = generationToRemember(plan, room.generation);
      if (remember) target.rememberGeneration(remember);
      refresh();
    },
    stopListening() {
      for (const stop of stops.splice(0)) stop();
    },
    async close() {
      for (const stop of stops.splice(0)) stop();
      releaseWarmVideos();
      await room.leave();
    },
  };
}

/**
 * Subscribes to the first WARM_SUBSCRIPTIONS media streams with the cap the call's grid will give them (a grid of
 * all of them plus our own tile). A failure here is the call's to retry; nothing is awaited.
 */
function warmUp(room: Room): void {
  const media = [...room.remoteStreams.values()].filter((stream) => stream.audio || stream.video);
  const cap = CAPS[tileSize('', { layout: 'grid', tileCount: media.length + 1, stagedKey: null })];
  for (const stream of media.slice(0, WARM_SUBSCRIPTIONS)) {
    if (stream.subscribed) continue;
    void room.subscribe(stream, cap ? { maxResolution: cap } : {}).catch((error: unknown) => console.info('Pre-join could not subscribe early', error));
  }
}

function presentPeople(streams: Iterable<RemoteStream>): ParticipantName[] {
  const people: ParticipantName[] = [];
  for (const stream of streams) if ((stream.audio || stream.video) && !stream.screen) people.push(participantName(stream));
  return people;
}
