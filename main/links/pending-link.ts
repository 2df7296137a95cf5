/**
 * The meeting link waiting for the page: set when a link opens the app (cold start argv, a second instance's argv,
 * macOS open-url), announced to a page that is already listening, and kept until a page takes it, so a renderer
 * that loads after the link arrived still gets it. Only the latest link is kept: it is the one the person clicked last.
 * A refused link is kept the same way, by its problem only, so the person who clicked it is told why nothing opened
 * (a link that arrives before the window exists would otherwise be refused where nobody sees it).
 */
import type { MeetingLink } from '../../common/api-contract';
import { LINK_SCHEME, parseMeetingLink, PROBLEM_MESSAGES, type MeetingLinkProblem, type MeetingLinkResult } from './meeting-link';

export interface PendingLinkDeps {
  /** Tells an open page that a link arrived (Electron: the links:opened event). */
  announce(link: MeetingLink): void;
  /** Tells an open page that a link was refused (Electron: the links:refused event). */
  announceRefusal(problem: MeetingLinkProblem): void;
  /** Refused links are logged by their problem only. */
  warn(message: string): void;
}

export class PendingMeetingLink {
  #pending: MeetingLink | null = null;
  #refused: MeetingLinkProblem | null = null;

  constructor(private readonly deps: PendingLinkDeps) {}

  /** A link from the OS; a refused one keeps the previous pending link (junk on argv cannot replace a real link). */
  offer(raw: string): MeetingLinkResult {
    const result = parseMeetingLink(raw);
    if (!result.ok) {
      this.deps.warn(`Meeting link refused: ${PROBLEM_MESSAGES[result.problem]}`);
      this.#refused = result.problem;
      this.deps.announceRefusal(result.problem);
      return result;
    }
    this.#pending = result.link;
    this.#refused = null;
    this.deps.announce(result.link);
    return result;
  }

  /** The pending link, once: the page that takes it handles it. */
  take(): MeetingLink | null {
    const link = this.#pending;
    this.#pending = null;
    return link;
  }

  /** Why the last link was refused, once: the page that takes it tells the person. */
  takeRefusal(): MeetingLinkProblem | null {
    const problem = this.#refused;
    this.#refused = null;
    return problem;
  }
}

/**
 * The meeting link among a process's arguments (Windows and Linux pass the clicked link as an argument), if any.
 * Chromium's own switches (--foo) and the app path are never links.
 */
export function linkInArgv(argv: readonly string[]): string | undefined {
  return argv.find((arg) => arg.toLowerCase().startsWith(`${LINK_SCHEME}:`));
}
