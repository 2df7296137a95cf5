import * as sdpTransform from 'sdp-transform';

/** Licode's end-of-candidates marker (§3.4, §7.6). */
export const END_OF_CANDIDATES = Object.freeze({ sdpMLineIndex: -1, sdpMid: 'end', candidate: 'end' });

export interface LicodeCandidate {
  sdpMLineIndex: number;
  sdpMid: string;
  candidate: string;
}

/** A browser candidate in the form Licode wants: the full `a=candidate:` attribute line (§7.6). */
export function toLicodeCandidate(candidate: RTCIceCandidateInit): LicodeCandidate | null {
  const text = candidate.candidate?.trim();
  if (!text) return null; // Chromium's empty end-of-gathering candidate; the caller sends END_OF_CANDIDATES instead.
  return {
    sdpMLineIndex: candidate.sdpMLineIndex ?? 0,
    sdpMid: candidate.sdpMid ?? '0',
    candidate: text.startsWith('a=') ? text : `a=${text}`,
  };
}

/**
 * A server-trickled candidate (§8 #8): a JSON *string* whose sdpMLineIndex is itself a string and whose sdpMid is
 * "audio"/"video" even under Unified Plan. Returns null for anything unusable (including the end marker).
 */
export function parseServerCandidate(input: unknown, midOf: (kind: string) => string | null): RTCIceCandidateInit | null {
  let obj: unknown = input;
  if (typeof input === 'string') {
    try {
      obj = JSON.parse(input);
    } catch {
      return null;
    }
  }
  if (!obj || typeof obj !== 'object') return null;
  const record = obj as Record<string, unknown>;
  const raw = record['candidate'];
  if (typeof raw !== 'string' || !raw.includes('candidate:')) return null;
  const candidate = raw.startsWith('a=') ? raw.slice(2) : raw;
  const index = Number(record['sdpMLineIndex']);
  const midRaw = record['sdpMid'];
  const mid = typeof midRaw === 'string' ? (midOf(midRaw) ?? midRaw) : null;
  return { candidate, sdpMid: mid, sdpMLineIndex: Number.isInteger(index) && index >= 0 ? index : null };
}

/** Write `b=AS:<kbps>` on every video section (§7.4, the ≤v6 way of applying maxVideoBW). */
export function setVideoBandwidth(sdp: string, kbps: number): string {
  if (!Number.isFinite(kbps) || kbps <= 0) return sdp;
  const session = sdpTransform.parse(sdp);
  for (const media of session.media) {
    if (media.type !== 'video' || media.port === 0) continue;
    const others = (media.bandwidth ?? []).filter((b) => b.type !== 'AS');
    media.bandwidth = [...others, { type: 'AS', limit: Math.round(kbps) }];
  }
  return sdpTransform.write(session);
}

/** Video `b=AS` values of an SDP (for tests and diagnostics). */
export function videoBandwidths(sdp: string): number[] {
  return sdpTransform
    .parse(sdp)
    .media.filter((m) => m.type === 'video')
    .flatMap((m) => (m.bandwidth ?? []).filter((b) => b.type === 'AS').map((b) => Number(b.limit)));
}

/** The mid of the first media section of a kind ("audio"/"video") — maps Erizo's literal mids to Unified-Plan mids. */
export function midOfKind(sdp: string | undefined, kind: string): string | null {
  if (!sdp) return null;
  const media = sdpTransform.parse(sdp).media.find((m) => m.type === kind);
  return media?.mid !== undefined ? String(media.mid) : null;
}

/** True when the text parses as an SDP with at least one media section (cheap sanity check for server SDPs). */
export function looksLikeSdp(sdp: unknown): sdp is string {
  if (typeof sdp !== 'string' || !sdp.startsWith('v=0')) return false;
  try {
    const media = sdpTransform.parse(sdp).media;
    return media.length > 0 && media.every((m) => ['audio', 'video', 'application'].includes(m.type) && Number.isFinite(m.port));
  } catch {
    return false;
  }
}

/** The effective video cap: what the caller asked for, bounded by the server's maxVideoBW (§7.4). */
export function effectiveVideoBandwidth(requested: number | undefined, serverDefault: number | undefined, serverMax: number | undefined): number | undefined {
  const wanted = requested ?? serverDefault;
  if (wanted === undefined || !Number.isFinite(wanted) || wanted <= 0) return serverMax && serverMax > 0 ? serverMax : undefined;
  return serverMax && serverMax > 0 ? Math.min(wanted, serverMax) : wanted;
}

/** RTCRtpSender maxBitrate for a kbit/s cap, the way HEAD's client derives it (§7.4): 90 % minus 16 kbit/s of overhead. */
export function senderMaxBitrate(kbps: number): number {
  return Math.max(32_000, Math.round(kbps * 1000 * 0.9 - 16_000));
}
