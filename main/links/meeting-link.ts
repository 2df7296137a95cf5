/**
 * The meeting-link parser: `licode-desktop://join?server=<URL or saved server's id/name>&room=<name>[&name=<display name>]`.
 * Links come from anywhere (a chat message, a web page, another program's argv), so everything else is refused:
 * other schemes and actions, credentials, ports, paths, fragments, encoded separators, unknown, duplicate or missing
 * keys, very long values, and values the app's own schemas refuse. Electron-free: the glue hands it argv strings.
 */
import * as v from 'valibot';
import { DisplayNameSchema, ProfileNameSchema, RoomNameSchema, ServerUrlSchema, type MeetingLink } from '../../common/api-contract';

export const LINK_SCHEME = 'licode-desktop';
/** Longer than any valid link (server 2048 + room 128 + name 64 characters, percent-encoded) would need to be. */
export const MAX_LINK_LENGTH = 4096;

export type MeetingLinkProblem =
  | 'too-long'
  | 'not-a-link'
  | 'other-scheme'
  | 'not-join'
  | 'credentials'
  | 'fragment'
  | 'encoded-separator'
  | 'unknown-key'
  | 'duplicate-key'
  | 'missing-server'
  | 'missing-room'
  | 'server-invalid'
  | 'room-invalid'
  | 'name-invalid';

export type MeetingLinkResult = { ok: true; link: MeetingLink } | { ok: false; problem: MeetingLinkProblem };

/** A human sentence per problem, in English: main logs it and returns it with the 'invalid-arguments' error. */
export const PROBLEM_MESSAGES: Record<MeetingLinkProblem, string> = {
  'too-long': `The meeting link is longer than ${MAX_LINK_LENGTH} characters.`,
  'not-a-link': 'The meeting link is not a valid link.',
  'other-scheme': `Only ${LINK_SCHEME}:// meeting links are opened.`,
  'not-join': `A meeting link must look like ${LINK_SCHEME}://join?server=…&room=….`,
  credentials: 'The meeting link carries a user name or password, which meeting links never do.',
  fragment: 'The meeting link has a #fragment, which meeting links never have.',
  'encoded-separator': 'The meeting link hides separators (%26, %3D, %3F, %23) or double encoding (%25) in its values.',
  'unknown-key': 'The meeting link has a part other than server, room and name.',
  'duplicate-key': 'The meeting link names the server, room or name more than once.',
  'missing-server': 'The meeting link does not say which server to use.',
  'missing-room': 'The meeting link does not say which room to join.',
  'server-invalid': 'The meeting link names a server that is neither a valid http(s) URL nor a saved server.',
  'room-invalid': 'The meeting link names a room that is not a valid room name.',
  'name-invalid': 'The meeting link carries a display name that is not valid.',
};

const KEYS = ['server', 'room', 'name'] as const;
type Key = (typeof KEYS)[number];
const ENCODED_SEPARATOR = /%(26|3d|3f|23|25)/i;
const CONTROL_CHARACTER = /\p{Cc}/u;

export function parseMeetingLink(raw: string): MeetingLinkResult {
  const fail = (problem: MeetingLinkProblem): MeetingLinkResult => ({ ok: false, problem });
  if (raw.length > MAX_LINK_LENGTH) return fail('too-long');
  if (CONTROL_CHARACTER.test(raw) || raw.trim() !== raw) return fail('not-a-link');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail('not-a-link');
  }
  if (url.protocol !== `${LINK_SCHEME}:`) return fail('other-scheme');
  if (url.username !== '' || url.password !== '' || /^[^?#]*@/.test(raw)) return fail('credentials');
  if (raw.includes('#')) return fail('fragment');
  // Windows may hand over the link with a slash before the query.
  if (url.hostname !== 'join' || url.port !== '' || (url.pathname !== '' && url.pathname !== '/')) return fail('not-join');
  if (ENCODED_SEPARATOR.test(url.search)) return fail('encoded-separator');

  const values: Partial<Record<Key, string>> = {};
  for (const [key, value] of url.searchParams) {
    if (!(KEYS as readonly string[]).includes(key)) return fail('unknown-key');
    if (values[key as Key] !== undefined) return fail('duplicate-key');
    values[key as Key] = value;
  }
  if (!values.server) return fail('missing-server');
  if (!values.room) return fail('missing-room');

  const server = parseServer(values.server);
  if (!server) return fail('server-invalid');
  const room = v.safeParse(RoomNameSchema, values.room);
  if (!room.success) return fail('room-invalid');
  const link: MeetingLink = { server, room: room.output };
  if (values.name !== undefined) {
    const name = v.safeParse(DisplayNameSchema, values.name);
    if (!name.success || name.output.trim() === '') return fail('name-invalid');
    link.displayName = name.output;
  }
  return { ok: true, link };
}

/** An http(s) URL the app would accept as a server, or else the id or name of a saved server (never a URL-ish string). */
function parseServer(value: string): MeetingLink['server'] | null {
  const asUrl = v.safeParse(ServerUrlSchema, value);
  if (asUrl.success) return { kind: 'url', url: asUrl.output };
  if (value.includes(':') || value.includes('/')) return null;
  const asName = v.safeParse(ProfileNameSchema, value);
  return asName.success && asName.output === value ? { kind: 'profile', ref: value } : null;
}
