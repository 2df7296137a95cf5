/**
 * The preload API's implementation: plain Node functions built from their dependencies, shared by the
 * Electron IPC transport and the web host's HTTP transport. No electron import here.
 */
import { randomUUID } from 'node:crypto';
import type { AppConfig, AppInfo, Channel, CreatedToken, ParsedArgsOf, ResultOf, ServerProfile, ShareStateReport } from '../../common/api-contract';
import type { ConfigStore } from '../config/config-store';
import type { CallState } from '../calls/call-state';
import type { CallEvent } from '../../common/api-contract';
import { NO_UPDATES, type UpdateControl } from '../updates/update-control';
import type { ScreenShareService } from '../display-media/screen-share-service';
import { parseMeetingLink, PROBLEM_MESSAGES } from '../links/meeting-link';
import type { PendingMeetingLink } from '../links/pending-link';
import { RunningChecks } from '../token/running-checks';
import type { CreateTokenRequest, TokenServiceOptions } from '../token/token-service';
import { ApiError } from './api-error';
import { KIOSK_OFF_HANDLERS, type KioskHandlers } from '../kiosk/kiosk-service';

export interface HandlerDeps {
  config: ConfigStore;
  createToken(request: CreateTokenRequest, options: TokenServiceOptions): Promise<CreatedToken>;
  appInfo(): AppInfo;
  screenShare: ScreenShareService;
  links: PendingMeetingLink;
  callState: CallState;
  /** Writes the log export somewhere the person can find it; null when they cancelled. */
  exportLogs(): Promise<string | null>;
  /** The presenter's desktop windows (Electron only; see PresenterDesktop). */
  presenter?: PresenterDesktop;
  /** call:event: raises the desktop notification the policy allows (Electron) or says whether it would (web host). */
  callEvent?(event: CallEvent): boolean;
  /** Automatic updates (installed Electron builds); without it there is never an update. */
  updates?: UpdateControl;
  /** Kiosk mode's channels (main/kiosk/kiosk-service.ts); without it the page learns it is no kiosk. */
  kiosk?: KioskHandlers;
}

/**
 * Electron: the sharing bar window and the compact presenter window. Absent in the web host, where the bar and the
 * compact view stay in the page and share:state / window:presenterMode are answered without doing anything.
 */
export interface PresenterDesktop {
  shareState(report: ShareStateReport): void;
  setCompact(compact: boolean): void;
}

export type Handlers = { [C in Channel]: (args: ParsedArgsOf<C>) => Promise<ResultOf<C>> };

const MAX_RECENT_ROOMS = 20;
/**
 * Room and user name of the server form's check: the basic example server's default room, so the check does not
 * create rooms on a real server. The token is dropped in main (tokens expire after ~3 minutes, §6.3).
 */
export const CHECK_ROOM = 'basicExampleRoom';
export const CHECK_USERNAME = 'Licode Desktop connection test';

export function createHandlers(deps: HandlerDeps): Handlers {
  const { config } = deps;
  const checks = new RunningChecks();
  return {
    'app:info': async () => deps.appInfo(),
    'config:get': async () => config.snapshot(),
    'config:dismissNotice': async () => config.dismissNotice(),
    'config:update': (patch) =>
      config.update((current) => {
        if (patch.activeProfileId && !current.profiles.some((p) => p.id === patch.activeProfileId)) {
          throw new ApiError('not-found', 'That server profile does not exist (any more).');
        }
        return { ...current, ...definedOnly(patch) };
      }),
    'profiles:save': async (input) => {
      let saved: ServerProfile | undefined;
      const next = await config.update((current) => {
        const id = input.id ?? randomUUID().replaceAll('-', '').slice(0, 16);
        const index = current.profiles.findIndex((p) => p.id === id);
        if (input.id !== undefined && index < 0) {
          throw new ApiError('not-found', 'The server profile you edited no longer exists.');
        }
        // The remembered generation belongs to the server: kept while the URL stays, forgotten when it changes.
        const remembered = current.profiles[index]?.serverUrl === input.serverUrl ? current.profiles[index]?.detectedGeneration : undefined;
        const profile: ServerProfile = { ...input, id, ...(remembered ? { detectedGeneration: remembered } : {}) };
        const profiles = index < 0 ? [...current.profiles, profile] : current.profiles.map((p) => (p.id === id ? profile : p));
        saved = profile;
        return { ...current, profiles, activeProfileId: current.activeProfileId ?? id };
      });
      return { profile: saved!, config: next };
    },
    'profiles:remove': ({ id }) =>
      config.update((current) => {
        if (!current.profiles.some((p) => p.id === id)) throw new ApiError('not-found', 'That server profile does not exist (any more).');
        const profiles = current.profiles.filter((p) => p.id !== id);
        return {
          ...current,
          profiles,
          activeProfileId: current.activeProfileId === id ? (profiles[0]?.id ?? null) : current.activeProfileId,
          recentRooms: current.recentRooms.filter((r) => r.profileId !== id),
        };
      }),
    'recentRooms:add': ({ profileId, room }) =>
      config.update((current): AppConfig => {
        if (!current.profiles.some((p) => p.id === profileId)) throw new ApiError('not-found', 'That server profile does not exist (any more).');
        const others = current.recentRooms.filter((r) => !(r.profileId === profileId && r.room === room));
        return {
          ...current,
          recentRooms: [{ profileId, room, lastJoinedAt: new Date().toISOString() }, ...others].slice(0, MAX_RECENT_ROOMS),
        };
      }),
    'profiles:rememberGeneration': ({ profileId, generation }) =>
      config.update((current): AppConfig => {
        if (!current.profiles.some((p) => p.id === profileId)) throw new ApiError('not-found', 'That server profile does not exist (any more).');
        const profiles = current.profiles.map((p): ServerProfile => {
          if (p.id !== profileId) return p;
          const { detectedGeneration: _forgotten, ...rest } = p;
          return generation ? { ...rest, detectedGeneration: generation } : rest;
        });
        return { ...current, profiles };
      }),
    // The server, role and TLS choice come from the saved profile, never from the page.
    'token:create': async ({ profileId, room, username }) => {
      const profile = config.get().profiles.find((p) => p.id === profileId);
      if (!profile) throw new ApiError('not-found', 'That server profile does not exist (any more).');
      return deps.createToken({ serverUrl: profile.serverUrl, room, username, role: profile.defaultRole }, { allowSelfSigned: profile.allowSelfSigned });
    },
    'server:check': ({ serverUrl, role, allowSelfSigned, checkId }) =>
      checks.run(checkId, async (signal) => {
        const token = await deps.createToken(
          { serverUrl, room: CHECK_ROOM, username: CHECK_USERNAME, role },
          { allowSelfSigned, ...(signal ? { signal } : {}) },
        );
        return { controllerHost: token.decoded.host, secure: token.decoded.secure };
      }),
    'server:cancelCheck': async ({ checkId }) => {
      checks.cancel(checkId);
      return null;
    },
    'display:request': async () => deps.screenShare.request(),
    'display:sources': ({ requestId }) => deps.screenShare.sources(requestId),
    'display:choose': async ({ requestId, ...choice }) => {
      deps.screenShare.choose(requestId, choice);
      return null;
    },
    'display:cancel': async ({ requestId }) => {
      deps.screenShare.cancel(requestId);
      return null;
    },
    'links:takePending': async () => deps.links.take(),
    'links:takeRefusal': async () => deps.links.takeRefusal(),
    'links:open': async ({ url }) => {
      const parsed = parseMeetingLink(url);
      if (!parsed.ok)
        throw new ApiError('invalid-arguments', PROBLEM_MESSAGES[parsed.problem], { issues: [{ path: 'url', message: `link-${parsed.problem}` }] });
      return parsed.link;
    },
    'call:state': async (state) => {
      deps.callState.set(state);
      return null;
    },
    'logs:export': async () => {
      const path = await deps.exportLogs();
      return path === null ? null : { path };
    },
    'share:state': async (report) => {
      deps.presenter?.shareState(report);
      return null;
    },
    'window:presenterMode': async ({ compact }) => {
      deps.presenter?.setCompact(compact);
      return null;
    },
    'call:event': async (event) => ({ notified: deps.callEvent?.(event) ?? false }),
    'update:status': async () => (deps.updates ?? NO_UPDATES).status(),
    'update:restartNow': async () => {
      const answer = (deps.updates ?? NO_UPDATES).restartNow();
      if (answer === 'in-call') throw new ApiError('unavailable', 'The update installs when the call ends: it never interrupts a meeting.');
      if (answer === 'not-ready') throw new ApiError('unavailable', 'There is no downloaded update to install.');
      return null;
    },
    ...(deps.kiosk ?? KIOSK_OFF_HANDLERS),
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
