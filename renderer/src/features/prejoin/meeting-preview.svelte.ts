/**
 * Who is already in the meeting, for the pre-join screen — and the reason pre-join connects early: the token, the
 * generation, the socket and the join grant are done while the person checks their camera, so Join only has to
 * publish and subscribe (issue 17: join → first frame). Licode tells nobody about a client that does not publish, so
 * being connected here is not being in the meeting for the others.
 *
 * Nothing that goes wrong here is shown as an error: Join then takes its ordinary path and reports problems there.
 * The Licode library loads on demand, as it does for the call (home and pre-join stay out of its bundle).
 */
import type { CreatedToken } from '../../../../common/api-contract';
import type { RemoteStream, Room } from '../../licode/index';
import { participantName } from '../call/participant-name';
import { generationToRemember, planGeneration } from '../call/remembered-generation';
import type { JoinTarget } from '../join/join-target';

export type PreviewStatus = 'idle' | 'connecting' | 'ready' | 'unavailable';

/**
 * How long Join waits for a connection still being made (a join takes well under a second); after that the preview is
 * dropped and Join connects itself, so an unreachable server is not waited for twice.
 */
const TAKE_WAIT_MS = 2_000;

/** Who publishes a camera or microphone: a name of their own, or a guest number (streams carry no name). */
export type PresentPerson = { kind: 'named'; name: string } | { kind: 'guest'; number: number };

/** A join prepared for one display name (the name goes into the single-use token). */
interface Attempt {
  name: string;
  token: CreatedToken | null;
  room: Room | null;
  done: Promise<void>;
  stopListening: Array<() => void>;
  abandoned: boolean;
}

/** What Join gets: the joined room and the token it used. */
export interface PreparedJoin {
  room: Room;
  token: CreatedToken;
}

export class MeetingPreview {
  status = $state<PreviewStatus>('idle');
  /** Camera/microphone publishers (not screen shares, not data-only streams), in the server's order. */
  people = $state.raw<PresentPerson[]>([]);
  #attempt: Attempt | null = null;

  /** Connects as `target.displayName` unless a connection for that name is already made or under way. */
  prepare(target: JoinTarget): void {
    if (this.#attempt && this.#attempt.name === target.displayName && this.status !== 'unavailable') return;
    this.#abandon();
    const attempt: Attempt = { name: target.displayName, token: null, room: null, done: Promise.resolve(), stopListening: [], abandoned: false };
    this.#attempt = attempt;
    this.status = 'connecting';
    attempt.done = this.#connect(attempt, target).then(
      () => {
        if (!attempt.abandoned) this.status = 'ready';
      },
      (error: unknown) => {
        if (attempt.abandoned) return;
        console.info('Pre-join could not connect early; Join will connect itself.', error);
        this.status = 'unavailable';
        this.people = [];
        this.#release(attempt);
      },
    );
  }

  /**
   * The room prepared for a join as `name`, no longer watched by the preview (the call owns it from now on); null
   * when there is none — not connected, lost meanwhile, still connecting after TAKE_WAIT_MS, or prepared for another
   * name — and Join connects itself.
   */
  async take(name: string): Promise<PreparedJoin | null> {
    const attempt = this.#attempt;
    if (!attempt || attempt.name !== name) return null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const settled = await Promise.race([
      attempt.done.then(() => true),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), TAKE_WAIT_MS))),
    ]);
    clearTimeout(timer);
    if (!settled) {
      this.dispose();
      return null;
    }
    if (attempt.abandoned || !attempt.room || !attempt.token || attempt.room.state !== 'connected') return null;
    for (const stop of attempt.stopListening.splice(0)) stop();
    this.#attempt = null;
    return { room: attempt.room, token: attempt.token };
  }

  /** Leaves a room nobody took (the person went back, or changed their name). */
  dispose(): void {
    this.#abandon();
    this.status = 'idle';
    this.people = [];
  }

  async #connect(attempt: Attempt, target: JoinTarget): Promise<void> {
    const [{ Room }, token] = await Promise.all([import('../../licode/index'), target.freshToken()]);
    if (attempt.abandoned) return;
    attempt.token = token;
    const plan = planGeneration(target.generation, target.knownGeneration);
    const room = new Room({
      ...plan,
      allowSelfSigned: target.allowSelfSigned,
      tokenProvider: async () => (await target.freshToken()).encoded,
    });
    attempt.room = room;
    const refresh = () => {
      if (!attempt.abandoned) this.people = presentPeople(room.remoteStreams.values());
    };
    attempt.stopListening.push(
      room.on('stream-added', refresh),
      room.on('stream-removed', refresh),
      room.on('stream-attributes', refresh),
      room.on('connection-state', ({ state }) => {
        // The session is gone for good: Join connects itself.
        if ((state === 'failed' || state === 'left') && !attempt.abandoned) this.status = 'unavailable';
      }),
    );
    await room.join(token.encoded);
    const remember = generationToRemember(plan, room.generation);
    if (remember) target.rememberGeneration(remember);
    refresh();
  }

  #abandon(): void {
    const attempt = this.#attempt;
    this.#attempt = null;
    if (!attempt) return;
    attempt.abandoned = true;
    this.#release(attempt);
  }

  #release(attempt: Attempt): void {
    for (const stop of attempt.stopListening.splice(0)) stop();
    const room = attempt.room;
    attempt.room = null;
    void room?.leave().catch((error: unknown) => console.info('Leaving the pre-join connection failed', error));
  }
}

function presentPeople(streams: Iterable<RemoteStream>): PresentPerson[] {
  const people: PresentPerson[] = [];
  for (const stream of streams) if ((stream.audio || stream.video) && !stream.screen) people.push(participantName(stream));
  return people;
}
