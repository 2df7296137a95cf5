/**
 * The meeting link waiting for the page: set when a link opens the app (cold start argv, a second instance's argv,
 * macOS open-url), announced to a page that is already listening, and kept until a page takes it, so a renderer
 * that loads after the link arrived still gets it. Only the latest link is kept: it is the one the person clicked last.
 */
import type { MeetingLink } from '../../common/api-contract';
import { LINK_SCHEME, parseMeetingLink, PROBLEM_MESSAGES, type MeetingLinkResult } from './meeting-link';

export interface PendingLinkDeps {
  /** Tells an open page that a link arrived (Electron: the links:opened event). */
  announce(link: MeetingLink): void;
  /** Refused links are logged by their problem only. */
  warn(message: string): void;
}

export class PendingMeetingLink {
  #pending: MeetingLink | null = null;

  constructor(private readonly deps: PendingLinkDeps) {}

  /** A link from the OS; a refused one changes nothing (the previous pending link stays). */
  offer(raw: string): MeetingLinkResult {
    const result = parseMeetingLink(raw);
    if (!result.ok) {
      this.deps.warn(`Meeting link refused: ${PROBLEM_MESSAGES[result.problem]}`);
      return result;
    }
    this.#pending = result.link;
    this.deps.announce(result.link);
    return result;
  }

  /** The pending link, once: the page that takes it handles it. */
  take(): MeetingLink | null {
    const link = this.#pending;
    this.#pending = null;
    return link;
  }
}

/**
 * The meeting link among a process's arguments (Windows and Linux pass the clicked link as an argument), if any.
 * Chromium's own switches (--foo) and the app path are never links.
 */
export function linkInArgv(argv: readonly string[]): string | undefined {
  return argv.find((arg) => arg.toLowerCase().startsWith(`${LINK_SCHEME}:`));
}
