import * as sdpTransform from 'sdp-transform';
import type { ClientSdpInfo } from './licode-sdp';

/**
 * An answer cannot take back what the offer rejected (RFC 8843 section 7.3.1, JSEP section 5.3.1): a section the client offered on
 * port 0 (a stopped transceiver, e.g. a single-PC client that unpublished one of its streams) is answered on port 0,
 * `inactive`, and the answer's BUNDLE group names only mids the offer's group named. Chromium refuses the answer
 * otherwise ("A BUNDLE group in answer contains a MID … that was not in the offered group") and the connection is
 * stuck. The rewriting of werift's SDP into Licode's form keeps the first section in the bundle for server offers,
 * which is right there and wrong here, so answers are corrected afterwards. Returns the answer unchanged when the
 * offer rejected nothing.
 */
export function mirrorOfferRejections(answerSdp: string, offer: ClientSdpInfo): string {
  const rejected = new Set(offer.parsed.media.filter((media) => media.port === 0).map((media) => String(media.mid)));
  const offeredBundle = offer.parsed.groups?.find((group) => group.type === 'BUNDLE');
  if (rejected.size === 0) return answerSdp;
  const answer = sdpTransform.parse(answerSdp);
  for (const media of answer.media) {
    if (!rejected.has(String(media.mid))) continue;
    media.port = 0;
    media.direction = 'inactive';
    delete media.msid;
    delete media.ssrcs;
    delete media.ssrcGroups;
    delete media.candidates;
    delete media.endOfCandidates;
  }
  const offeredMids = new Set(offeredBundle ? offeredBundle.mids.split(' ') : []);
  answer.groups = (answer.groups ?? []).flatMap((group) => {
    if (group.type !== 'BUNDLE') return [group];
    const mids = group.mids.split(' ').filter((mid) => !rejected.has(mid) && (offeredBundle === undefined || offeredMids.has(mid)));
    return mids.length > 0 ? [{ ...group, mids: mids.join(' ') }] : [];
  });
  const written = sdpTransform.write(answer);
  // sdp-transform writes CRLF; Licode v3/v4 answers are LF only (MEDIA.md, "SDP as Licode writes it").
  return answerSdp.includes('\r\n') ? written : written.replace(/\r\n/g, '\n');
}
