/**
 * What the app does with a meeting link main parsed (licode-desktop://join?…): a saved server goes straight to that
 * room's pre-join screen (joining still takes a click there); a server not added yet is only added after the person
 * confirms ("Add … and join …?") and the server passed the same test the server form runs. Never joins silently.
 * A link that arrives during a call waits until the call ends. In the web host a link can be passed as ?link=….
 */
import type { MeetingLink, ServerProfile } from '../../../../common/api-contract';
import { t } from '../../i18n/i18n.svelte';
import { linksEn } from '../../i18n/links.en';
import { describeError } from '../../lib/errors';
import { ApiCallError } from '../../platform/api';
import { app } from '../../state/app.svelte';

/** A link to a server the person has not added: shown for confirmation. */
export interface LinkConfirmation {
  link: MeetingLink;
  serverUrl: string;
  /** The host name, as the person would recognise the server. */
  serverLabel: string;
}

const PAGE_LINK_PARAM = 'link';
/** ProfileNameSchema's limit: a host name can be longer. */
const MAX_PROFILE_NAME = 80;

class MeetingLinks {
  confirmation = $state<LinkConfirmation | null>(null);
  /** Why the last link could not be opened, as a sentence to show. */
  problem = $state<string | null>(null);
  adding = $state(false);
  #waitingForCallEnd: MeetingLink | null = null;

  /** After app.start(): takes the link that opened the app and listens for the next ones. */
  async start(): Promise<void> {
    if (!app.api) return;
    app.host.on('links:opened', () => void this.#takePending());
    app.host.on('links:refused', () => void this.#takeRefusal());
    await this.#takePending();
    await this.#takeRefusal();
    if (app.host.host === 'web') await this.#openPageLink();
  }

  /** The call screen ended: a link that arrived during it is handled now. */
  callEnded(): void {
    const link = this.#waitingForCallEnd;
    this.#waitingForCallEnd = null;
    if (link) this.open(link);
  }

  open(link: MeetingLink): void {
    this.problem = null;
    if (app.route.name === 'call') {
      this.#waitingForCallEnd = link;
      return;
    }
    const profiles = app.config?.profiles ?? [];
    if (link.server.kind === 'profile') {
      const { ref } = link.server;
      const known = profiles.find((p) => p.id === ref) ?? profiles.find((p) => p.name === ref);
      if (known) void this.#goToRoom(known, link);
      else this.problem = t('links.problem.unknownProfile', { server: ref });
      return;
    }
    const serverUrl = link.server.url;
    const known = profiles.find((p) => sameServer(p.serverUrl, serverUrl));
    if (known) void this.#goToRoom(known, link);
    else this.confirmation = { link, serverUrl, serverLabel: new URL(serverUrl).host };
  }

  /** "Add and continue": test the server like the server form does, save it, go to the room's pre-join screen. */
  async confirm(): Promise<void> {
    const pending = this.confirmation;
    if (!pending || this.adding) return;
    this.adding = true;
    this.problem = null;
    try {
      const role = 'presenter';
      await app.host.call('server:check', { serverUrl: pending.serverUrl, role });
      const { profile, config } = await app.host.call('profiles:save', {
        name: pending.serverLabel.slice(0, MAX_PROFILE_NAME),
        serverUrl: pending.serverUrl,
        generation: 'auto',
        defaultRole: role,
        allowSelfSigned: false,
      });
      app.setConfig(config);
      this.confirmation = null;
      await this.#goToRoom(profile, pending.link);
    } catch (error) {
      this.problem = t('links.problem.addFailed', { reason: describeError(error).message });
    } finally {
      this.adding = false;
    }
  }

  cancel(): void {
    this.confirmation = null;
    this.problem = null;
  }

  dismissProblem(): void {
    this.problem = null;
  }

  async #takePending(): Promise<void> {
    const link = await app.host.call('links:takePending');
    if (link) this.open(link);
  }

  /** A link the OS passed (a click elsewhere, a second launch) that main's strict parser refused: say why. */
  async #takeRefusal(): Promise<void> {
    const problem = await app.host.call('links:takeRefusal');
    if (problem) this.problem = refusedLinkMessage(problem);
  }

  /** Web host: ?link=<licode-desktop URL> on the page URL, removed once read so a reload does not repeat it. */
  async #openPageLink(): Promise<void> {
    const pageUrl = new URL(window.location.href);
    const raw = pageUrl.searchParams.get(PAGE_LINK_PARAM);
    if (raw === null) return;
    pageUrl.searchParams.delete(PAGE_LINK_PARAM);
    window.history.replaceState(null, '', pageUrl);
    try {
      this.open(await app.host.call('links:open', { url: raw }));
    } catch (error) {
      this.problem = invalidLinkMessage(error);
    }
  }

  async #goToRoom(profile: ServerProfile, link: MeetingLink): Promise<void> {
    // The link's name is a suggestion for someone who has not chosen one; a chosen name is never replaced.
    if (link.displayName && !app.config?.displayName) await app.update({ displayName: link.displayName });
    if (app.config?.activeProfileId !== profile.id) await app.update({ activeProfileId: profile.id });
    app.go({ name: 'prejoin', profileId: profile.id, room: link.room });
  }
}

function sameServer(a: string, b: string): boolean {
  const normalise = (url: string) => new URL(url).href.replace(/\/+$/, '');
  return normalise(a) === normalise(b);
}

/** main's reason (issue message `link-<problem>`) as a translated sentence. */
function invalidLinkMessage(error: unknown): string {
  const issue = error instanceof ApiCallError ? error.data.issues?.find((i) => i.path === 'url')?.message : undefined;
  return problemMessage(issue?.replace(/^link-/, '')) ?? describeError(error).message;
}

function refusedLinkMessage(problem: string): string {
  return problemMessage(problem) ?? t('links.invalid.not-a-link');
}

function problemMessage(problem: string | undefined): string | null {
  const key = `links.invalid.${problem}`;
  return key in linksEn ? t(key as keyof typeof linksEn) : null;
}

export const meetingLinks = new MeetingLinks();
