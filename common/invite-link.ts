/**
 * Builds the meeting link an invitation carries: `licode-desktop://join?server=<saved server URL>&room=<room>`, the
 * form main's strict parser (main/links/meeting-link.ts) accepts. Only a server URL and a room: never a token, a
 * display name or a profile id (those mean nothing on the invitee's machine).
 */
const SCHEME = 'licode-desktop';
/** The parser's limit on a whole link. */
const MAX_LINK_LENGTH = 4096;
/** Separators and '%' that the parser refuses in encoded form, because they could hide an extra key. */
const ENCODED_SEPARATOR = /%(26|3d|3f|23|25)/i;

/**
 * The link, or null when the parser would refuse it: a room name with &, =, ?, # or % cannot travel in a link
 * (the invitation then gives the server and room as text only).
 */
export function meetingLinkFor(serverUrl: string, room: string): string | null {
  const server = encodeURIComponent(serverUrl);
  const encodedRoom = encodeURIComponent(room);
  if (ENCODED_SEPARATOR.test(server) || ENCODED_SEPARATOR.test(encodedRoom)) return null;
  const link = `${SCHEME}://join?server=${server}&room=${encodedRoom}`;
  return link.length <= MAX_LINK_LENGTH ? link : null;
}
