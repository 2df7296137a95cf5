/**
 * Who is already in the meeting, for the pre-join screen — and the reason pre-join connects early: the token, the
 * generation, the socket, the join grant and the first subscriptions are done while the person checks their camera,
 * so Join only has to publish and show what already arrives (join → first frame). Licode tells nobody about a client
 * that does not publish, so being connected here is not being in the meeting for the others.
 *
 * When this fails, pre-join only says it could not check; Join connects afresh and reports problems itself. The
 * Licode library loads on demand (preview-room.ts), as it does for the call: the first screens do not carry it.
 */
import type { CreatedToken } from '../../../../common/api-contract';
import type { Room } from '../../licode/index';
import type { ParticipantName } from '../call/participant-name';
import type { JoinTarget } from '../join/join-target';
import type { PreviewRoom } from './preview-room';

export type PreviewStatus = 'idle' | 'connecting' | 'ready' | 'unavailable';

/**
 * How long Join waits for a connection still being made (a join takes well under a second); after that the preview is
 * dropped and Join connects itself, so an unreachable server is not waited for twice.
 */
const TAKE_WAIT_MS = 2_000;

/** A join prepared for one display name (the name goes into the single-use token). */
interface Attempt {
  name: string;
  token: CreatedToken | null;
  preview: PreviewRoom | null;
  done: Promise<void>;
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
  people = $state.raw<ParticipantName[]>([]);
  #attempt: Attempt | null = null;

  /** Connects as `target.displayName` unless a connection for that name is already made or under way. */
  prepare(target: JoinTarget): void {
    if (this.#attempt && this.#attempt.name === target.displayName && this.status !== 'unavailable') return;
    this.#abandon();
    const attempt: Attempt = { name: target.displayName, token: null, preview: null, done: Promise.resolve(), abandoned: false };
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
    const preview = attempt.preview;
    if (attempt.abandoned || !preview || !attempt.token || preview.room.state !== 'connected') return null;
    preview.stopListening();
    this.#attempt = null;
    return { room: preview.room, token: attempt.token };
  }

  /** Leaves a room nobody took (the person went back, or changed their name). */
  dispose(): void {
    this.#abandon();
    this.status = 'idle';
    this.people = [];
  }

  async #connect(attempt: Attempt, target: JoinTarget): Promise<void> {
    const [{ createPreviewRoom }, token] = await Promise.all([import('./preview-room'), target.freshToken()]);
    if (attempt.abandoned) return;
    attempt.token = token;
    attempt.preview = createPreviewRoom(target, token, {
      people: (people) => {
        if (!attempt.abandoned) this.people = people;
      },
      lost: () => {
        // The session is gone for good: Join connects itself.
        if (!attempt.abandoned) this.status = 'unavailable';
      },
    });
    await attempt.preview.join();
  }

  #abandon(): void {
    const attempt = this.#attempt;
    this.#attempt = null;
    if (!attempt) return;
    attempt.abandoned = true;
    this.#release(attempt);
  }

  #release(attempt: Attempt): void {
    const preview = attempt.preview;
    attempt.preview = null;
    void preview?.close().catch((error: unknown) => console.info('Leaving the pre-join connection failed', error));
  }
}
