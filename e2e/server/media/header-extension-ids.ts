import type { RTCRtpHeaderExtensionParameters } from 'werift';

/** RFC 8285 one-byte header extensions use ids 1–14; Chromium offers nothing else by default. */
const ONE_BYTE_IDS = Array.from({ length: 14 }, (_, i) => i + 1);

export interface ExtensionInUse {
  readonly id: number;
  readonly uri: string;
}

/**
 * Header-extension ids for a section the server is about to offer on a connection that already has others.
 *
 * All sections of a BUNDLE group share one RTP transport, so one id must mean one URI across the whole group;
 * Chromium refuses an offer that breaks this ("A BUNDLE group contains a codec collision for header extension
 * id=…"). werift numbers its configured extensions 1, 2, 3… for every new transceiver, which collides as soon as
 * the client's own sections (Chromium: mid = 4, rid = 10, rrid = 11) are in the same bundle. So: a URI already in
 * use keeps its id, a new URI gets the lowest id nobody uses yet. `inUse` holds every extension negotiated on the
 * connection and every one the client offered (ids it reserved for URIs the server does not take, like
 * abs-send-time, stay reserved too).
 */
export function assignHeaderExtensionIds(
  wanted: readonly RTCRtpHeaderExtensionParameters[],
  inUse: Iterable<ExtensionInUse>,
): RTCRtpHeaderExtensionParameters[] {
  const idByUri = new Map<string, number>();
  const usedIds = new Set<number>();
  for (const { id, uri } of inUse) {
    if (!idByUri.has(uri)) idByUri.set(uri, id);
    usedIds.add(id);
  }
  const assigned: RTCRtpHeaderExtensionParameters[] = [];
  for (const extension of wanted) {
    let id = idByUri.get(extension.uri);
    if (id === undefined) {
      id = ONE_BYTE_IDS.find((candidate) => !usedIds.has(candidate));
      if (id === undefined) continue; // all ids taken: offering the section without this extension beats a collision
      idByUri.set(extension.uri, id);
      usedIds.add(id);
    }
    assigned.push({ ...extension, id });
  }
  return assigned;
}
