import * as sdpTransform from 'sdp-transform';
import type { MediaDescription, SessionDescription } from 'sdp-transform';
import { LOOPBACK } from './werift-config';
import type { LicodeAGeneration, SdpStyle } from './types';

/** A client SDP that cannot be applied; the message says what is wrong with it. */
export class InvalidSdpError extends Error {
  override readonly name = 'InvalidSdpError';
}

/** Far above any real offer (Chromium's 16-section offer is ~20 kB) and far below a memory problem. */
const MAX_SDP_LENGTH = 128 * 1024;
const MAX_MEDIA_SECTIONS = 64;

export interface ClientSdpInfo {
  readonly parsed: SessionDescription;
  readonly bundled: boolean;
  readonly rtcpMux: boolean;
  /** ICE ufrag of the first section (an ICE restart changes it). */
  readonly iceUfrag: string;
  /** `b=AS` of the first video section, kbit/s (the dialect-A client writes its maxVideoBW there). */
  readonly videoBandwidthKbps: number | undefined;
}

function mediaUfrag(session: SessionDescription, media: MediaDescription): string | undefined {
  return media.iceUfrag ?? session.iceUfrag;
}

/**
 * Parse and validate a client offer/answer before werift sees it: werift throws unhelpful errors (or worse, accepts)
 * on SDP that real Erizo rejects. Every rejection names the problem.
 */
export function parseClientSdp(sdp: unknown, type: 'offer' | 'answer'): ClientSdpInfo {
  if (typeof sdp !== 'string') throw new InvalidSdpError(`The client ${type} SDP must be a string, got ${typeof sdp}`);
  if (sdp.length === 0) throw new InvalidSdpError(`The client ${type} SDP is empty`);
  if (sdp.length > MAX_SDP_LENGTH) throw new InvalidSdpError(`The client ${type} SDP is ${sdp.length} bytes, more than ${MAX_SDP_LENGTH}`);
  if (!/^v=0\r?\n/.test(sdp)) throw new InvalidSdpError(`The client ${type} SDP does not start with "v=0"`);
  // NUL and friends never occur in SDP and break line-based parsers.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point of this check
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(sdp)) throw new InvalidSdpError(`The client ${type} SDP contains control characters`);
  let parsed: SessionDescription;
  try {
    parsed = sdpTransform.parse(sdp);
  } catch (error) {
    throw new InvalidSdpError(`The client ${type} SDP cannot be parsed: ${(error as Error).message}`);
  }
  if (!parsed.media || parsed.media.length === 0) throw new InvalidSdpError(`The client ${type} SDP has no media section`);
  if (parsed.media.length > MAX_MEDIA_SECTIONS)
    throw new InvalidSdpError(`The client ${type} SDP has ${parsed.media.length} media sections, more than ${MAX_MEDIA_SECTIONS}`);
  parsed.media.forEach((media, index) => {
    const where = `media section ${index} (${String(media.type)})`;
    if (media.type !== 'audio' && media.type !== 'video') {
      throw new InvalidSdpError(`The client ${type} SDP ${where} is not audio or video: Licode carries data over the socket, not in the SDP`);
    }
    if (media.port === 0) return; // a rejected or stopped section needs nothing else
    if (!/UDP\/TLS\/RTP\/SAVPF/.test(media.protocol)) {
      throw new InvalidSdpError(`The client ${type} SDP ${where} uses ${media.protocol}; Erizo requires DTLS-SRTP (UDP/TLS/RTP/SAVPF)`);
    }
    if (media.mid === undefined || String(media.mid).length === 0) throw new InvalidSdpError(`The client ${type} SDP ${where} has no a=mid`);
    if (!mediaUfrag(parsed, media) || !(media.icePwd ?? parsed.icePwd)) {
      throw new InvalidSdpError(`The client ${type} SDP ${where} has no ICE credentials (a=ice-ufrag / a=ice-pwd)`);
    }
    const fingerprint = media.fingerprint ?? parsed.fingerprint;
    if (!fingerprint || fingerprint.type.toLowerCase() !== 'sha-256') {
      throw new InvalidSdpError(`The client ${type} SDP ${where} has no sha-256 DTLS fingerprint`);
    }
    if (!media.rtp || media.rtp.length === 0) throw new InvalidSdpError(`The client ${type} SDP ${where} lists no codecs (a=rtpmap)`);
  });
  const mids = parsed.media.map((media) => String(media.mid));
  if (new Set(mids).size !== mids.length) throw new InvalidSdpError(`The client ${type} SDP repeats a mid (${mids.join(', ')})`);
  const first = parsed.media.find((media) => media.port !== 0) ?? parsed.media[0]!;
  const video = parsed.media.find((media) => media.type === 'video' && media.port !== 0);
  const as = video?.bandwidth?.find((line) => line.type === 'AS');
  return {
    parsed,
    bundled: (parsed.groups ?? []).some((group) => group.type === 'BUNDLE'),
    rtcpMux: parsed.media.every((media) => media.port === 0 || media.rtcpMux === 'rtcp-mux'),
    iceUfrag: mediaUfrag(parsed, first) ?? '',
    videoBandwidthKbps: as ? Number(as.limit) : undefined,
  };
}

/** Only UDP candidates on 127.0.0.1 may reach werift: no test may send a packet off this machine. */
export function isLoopbackUdpCandidate(candidateLine: string): boolean {
  const line = candidateLine.replace(/^a=/, '');
  const parsed = sdpTransform.parse(`v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=${line}\r\n`);
  const candidate = parsed.media[0]?.candidates?.[0];
  return !!candidate && String(candidate.transport).toLowerCase() === 'udp' && candidate.ip === LOOPBACK;
}

/** The client SDP as werift should see it: loopback UDP candidates only, CRLF. */
export function sdpForWerift(info: ClientSdpInfo): string {
  const copy: SessionDescription = structuredClone(info.parsed);
  for (const media of copy.media) {
    media.candidates = media.candidates?.filter((candidate) => String(candidate.transport).toLowerCase() === 'udp' && candidate.ip === LOOPBACK);
  }
  return sdpTransform.write(copy);
}

export interface LicodeSdpContext {
  style: SdpStyle;
  /** Style 'a': the generation whose Erizo wrote the SDP (default v4, see `aWriter`). */
  aGeneration?: LicodeAGeneration;
  type: 'offer' | 'answer';
  /** Style 'c': the `o=` session version (incremented by the caller for every SDP it produces). */
  sessionVersion: number;
  /** Style 'a': the random token of `a=msid-semantic: WMS <token>` (stable per connection). */
  msidSemanticToken: string;
  /** Style 'a' answers mirror the offer's BUNDLE group and rtcp-mux. */
  offer?: ClientSdpInfo;
  /** DTLS role to write: answers are always `active`; a first offer `actpass`, later offers the established role. */
  setup: 'active' | 'passive' | 'actpass';
  /** Sections the server sends on: mid → publisher label (msid stream id) and track id. */
  sendingMids: ReadonlyMap<string, { label: string; trackId: string }>;
  /** Sections of removed subscriptions: written with port 0 (style 'c'). */
  stoppedMids: ReadonlySet<string>;
  /** Sections carrying the publisher's video: mid → rids the client offered. */
  ridsByMid: ReadonlyMap<string, readonly string[]>;
}

const A_CODECS = new Set(['vp8', 'pcmu', 'telephone-event']);
const C_CODECS = new Set(['vp8', 'opus']);

/**
 * Who formats an SDP (docs/licode-protocol.md §7.1, §8 20, 24i):
 * - 'cpp': v3/v4, the C++ SdpInfo::getSdp as sent: LF, port 1, `a=rtcp:1`, random msid-semantic token, `o=- 0 0`,
 *   codecs of the v3/v4 media configuration (VP8 + PCMU + telephone-event), BUNDLE/rtcp-mux mirrored from the offer.
 * - 'cpp+semantic': v5, the same C++ text re-written by ErizoJS (erizoJSController.js passes CONN_SDP through
 *   SemanticSdp SDPInfo.processString(…).toString(), i.e. sdp-transform): CRLF, still port 1, `a=rtcp:1`, the random
 *   token and `o=- 0 0`, but always BUNDLE (all mids) and rtcp-mux; codecs of v5's default media configuration
 *   (scripts/rtp_media_config_default.js: VP8 100 + Opus 111) matched to the offer, so the offerer's payload types,
 *   and no fmtp (SdpInfo keeps an offered parameter only when the configured codec has the same parameter set: VP8 and
 *   Opus have none).
 * - 'js': v6 (erizoJS models/SessionDescription.js getSdp) and HEAD: CRLF, port 9, `WMS *`, incrementing `o=`
 *   version, `a=end-of-candidates`; v6 keeps `a=rtcp:1` and the v5 codec rules.
 */
type SdpWriter = 'cpp' | 'cpp+semantic' | 'js';

function writerOf(context: LicodeSdpContext): SdpWriter {
  if (context.style === 'c') return 'js';
  switch (context.aGeneration ?? 'v4') {
    case 'v4':
      return 'cpp';
    case 'v5':
      return 'cpp+semantic';
    case 'v6':
      return 'js';
  }
}
const FEEDBACK = new Set(['ccm fir', 'nack', 'nack pli', 'goog-remb']);

/** Keep only the writer's codec set (and RTX only if its primary codec stays). */
function restrictCodecs(media: MediaDescription, writer: SdpWriter, style: SdpStyle): void {
  const allowed = writer === 'cpp' ? A_CODECS : C_CODECS;
  const keep = new Set(media.rtp.filter((codec) => allowed.has(codec.codec.toLowerCase())).map((codec) => codec.payload));
  media.rtp = media.rtp.filter((codec) => keep.has(codec.payload));
  // v5/v6 negotiate fmtp against the configured codecs, which have none (see SdpWriter).
  media.fmtp = style === 'a' && writer !== 'cpp' ? [] : (media.fmtp ?? []).filter((fmtp) => keep.has(fmtp.payload));
  media.rtcpFb = (media.rtcpFb ?? []).filter((fb) => keep.has(Number(fb.payload)) && FEEDBACK.has(fb.subtype ? `${fb.type} ${fb.subtype}` : fb.type));
  media.payloads = [...keep].join(' ');
}

/**
 * Rewrite the SDP werift produced into what Erizo would have sent (docs/licode-protocol.md §7.1, §7.2, §7.5, §8 #20).
 * Only presentation changes: ICE credentials, fingerprint, SSRCs, mids and payload types stay exactly werift's,
 * so the rewritten SDP describes the same transport.
 */
export function toLicodeSdp(weriftSdp: string, context: LicodeSdpContext): string {
  const sdp = sdpTransform.parse(weriftSdp);
  const { style } = context;
  const writer = writerOf(context);
  sdp.version = 0;
  sdp.origin = {
    username: '-',
    sessionId: 0,
    sessionVersion: writer === 'js' ? context.sessionVersion : 0,
    netType: 'IN',
    ipVer: 4,
    address: LOOPBACK,
  };
  sdp.name = 'LicodeMCU';
  sdp.timing = { start: 0, stop: 0 };
  sdp.msidSemantic = { semantic: 'WMS', token: writer === 'js' ? '*' : context.msidSemanticToken };
  delete (sdp as { extmapAllowMixed?: unknown }).extmapAllowMixed;
  delete sdp.iceOptions;

  // The first section carries the BUNDLE tag (its transport is the bundle's). Rejecting it (port 0) makes the
  // client move the bundle to the next section's transport, which needs a new ICE/DTLS handshake that werift never
  // starts, so media stops (seen with Chromium 156 and libwebrtc in Node). A stopped tag section therefore stays in
  // the bundle as `inactive` on port 9; every other stopped section gets port 0 as Licode writes it.
  const tagMid = sdp.media[0] === undefined ? undefined : String(sdp.media[0].mid);
  const rejected = (mid: string): boolean => context.stoppedMids.has(mid) && !(style === 'c' && mid === tagMid);
  const liveMids = sdp.media.map((media) => String(media.mid)).filter((mid) => !rejected(mid));
  const mirrorOffer = writer === 'cpp';
  const bundle = !mirrorOffer || (context.offer?.bundled ?? true);
  sdp.groups = bundle && liveMids.length > 0 ? [{ type: 'BUNDLE', mids: liveMids.join(' ') }] : [];
  const rtcpMux = !mirrorOffer || (context.offer?.rtcpMux ?? true);

  for (const media of sdp.media) {
    const mid = String(media.mid);
    const sending = context.sendingMids.get(mid);
    const port = writer === 'js' ? 9 : 1;
    media.port = rejected(mid) ? 0 : port;
    media.connection = { version: 4, ip: '0.0.0.0' };
    media.rtcp = style === 'a' ? { port: 1, netType: 'IN', ipVer: 4, address: '0.0.0.0' } : undefined;
    if (!media.rtcp) delete media.rtcp;
    if (rtcpMux) media.rtcpMux = 'rtcp-mux';
    else delete media.rtcpMux;
    delete media.iceOptions;
    delete media.bandwidth; // Erizo never writes b=AS (§7.4)
    delete media.rtcpRsize;
    media.setup = context.setup;
    media.candidates = (media.candidates ?? []).filter((candidate) => String(candidate.transport).toLowerCase() === 'udp' && candidate.ip === LOOPBACK);
    if (writer === 'js') media.endOfCandidates = 'end-of-candidates';
    else delete media.endOfCandidates;
    restrictCodecs(media, writer, style);

    if (context.stoppedMids.has(mid)) {
      media.direction = 'inactive';
      delete media.msid;
      delete media.ssrcs;
      delete media.ssrcGroups;
      continue;
    }
    // SSRC lines only on the sending side (§7.1); msid stream id = the publisher's label (§5.6 step 5).
    if (sending) {
      const ssrc = media.ssrcs?.find((line) => line.attribute === 'cname')?.id ?? media.ssrcs?.[0]?.id;
      const cname = writer === 'js' ? 'erizo' : 'LicodeMCU';
      if (style === 'c') media.msid = [{ id: sending.label, appdata: sending.trackId }];
      else delete media.msid; // v3/v4 wrote msid into the SSRC lines only (Plan B era)
      media.ssrcs =
        ssrc === undefined
          ? []
          : [
              { id: ssrc, attribute: 'cname', value: cname },
              { id: ssrc, attribute: 'msid', value: `${sending.label} ${sending.trackId}` },
              ...(style === 'a'
                ? [
                    { id: ssrc, attribute: 'mslabel', value: sending.label },
                    { id: ssrc, attribute: 'label', value: sending.trackId },
                  ]
                : []),
            ];
      delete media.ssrcGroups;
    } else {
      delete media.msid;
      delete media.ssrcs;
      delete media.ssrcGroups;
    }
    // Simulcast: Erizo echoes the rids as `recv` and writes the draft-03 form `a=simulcast: recv 1;2;3` (§7.3).
    delete media.simulcast;
    delete media.simulcast_03;
    delete media.rids;
    // werift writes `a=simulcast:recv 1;2;3 ` (trailing space), which sdp-transform keeps as an unparsed line.
    media.invalid = media.invalid?.filter((line) => !line.value.startsWith('simulcast'));
    if (media.invalid?.length === 0) delete media.invalid;
    const rids = context.ridsByMid.get(mid);
    if (style === 'c' && rids && rids.length > 0) {
      media.rids = rids.map((id) => ({ id, direction: 'recv' }));
      media.simulcast_03 = { value: `recv ${rids.join(';')}` };
    }
  }
  const text = sdpTransform.write(sdp);
  if (writer !== 'cpp') return text; // v5's SemanticSdp, v6 and HEAD write with sdp-transform too: this line order
  // The C++ SdpInfo writes the BUNDLE group before msid-semantic, with LF line endings.
  const out = text.split('\r\n');
  const semantic = out.findIndex((line) => line.startsWith('a=msid-semantic'));
  const group = out.findIndex((line) => line.startsWith('a=group:'));
  if (semantic >= 0 && group > semantic) out.splice(group, 0, ...out.splice(semantic, 1));
  return out.join('\n');
}

/** Random token like the C++ SdpInfo's msid-semantic value (v3–v5 `gen_random(msidtemp, 10)`). */
export function randomMsidToken(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let token = '';
  for (let i = 0; i < 10; i += 1) token += alphabet[Math.floor(Math.random() * alphabet.length)];
  return token;
}
