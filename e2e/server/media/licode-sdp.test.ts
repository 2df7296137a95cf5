import { describe, expect, it } from 'vitest';
import { InvalidSdpError, isLoopbackUdpCandidate, parseClientSdp, sdpForWerift, toLicodeSdp, type LicodeSdpContext } from './licode-sdp';

// A Chromium-like publisher offer: VP8/VP9/AV1 + Opus/PCMU/telephone-event, BUNDLE, rtcp-mux, mixed candidates.
const CHROME_OFFER = [
  'v=0',
  'o=- 6808809608618156847 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0 1',
  'a=msid-semantic: WMS label-1',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 0 126',
  'c=IN IP4 0.0.0.0',
  'a=candidate:1 1 udp 2122194687 192.0.2.2 36725 typ host generation 0',
  'a=candidate:2 1 udp 2122063615 127.0.0.1 58283 typ host generation 0',
  'a=candidate:3 1 tcp 1518083839 127.0.0.1 57189 typ host tcptype passive generation 0',
  'a=ice-ufrag:2P4O',
  'a=ice-pwd:feGc16x1QM/opCK950ulHWux',
  'a=fingerprint:sha-256 E3:91:62:F4:58:27:13:C0:04:18:8B:7D:F1:32:DA:5A:02:B8:E0:DF:63:17:B1:A6:12:D4:02:9D:22:15:DE:F3',
  'a=setup:actpass',
  'a=mid:0',
  'a=sendonly',
  'a=msid:label-1 audio-track',
  'a=rtcp-mux',
  'a=rtpmap:111 opus/48000/2',
  'a=rtcp-fb:111 transport-cc',
  'a=fmtp:111 minptime=10;useinbandfec=1',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:126 telephone-event/8000',
  'a=ssrc:11 cname:x',
  'm=video 9 UDP/TLS/RTP/SAVPF 96 97 98',
  'c=IN IP4 0.0.0.0',
  'b=AS:300',
  'a=ice-ufrag:2P4O',
  'a=ice-pwd:feGc16x1QM/opCK950ulHWux',
  'a=fingerprint:sha-256 E3:91:62:F4:58:27:13:C0:04:18:8B:7D:F1:32:DA:5A:02:B8:E0:DF:63:17:B1:A6:12:D4:02:9D:22:15:DE:F3',
  'a=setup:actpass',
  'a=mid:1',
  'a=sendonly',
  'a=msid:label-1 video-track',
  'a=rtcp-mux',
  'a=rtpmap:96 VP8/90000',
  'a=rtcp-fb:96 goog-remb',
  'a=rtcp-fb:96 transport-cc',
  'a=rtcp-fb:96 nack pli',
  'a=rtpmap:97 rtx/90000',
  'a=fmtp:97 apt=96',
  'a=rtpmap:98 VP9/90000',
  'a=rid:1 send',
  'a=rid:2 send',
  'a=rid:3 send',
  'a=simulcast:send 1;2;3',
  '',
].join('\r\n');

// What werift answered to such an offer (shape taken from a real run), before the Licode rewrite.
const WERIFT_ANSWER = [
  'v=0',
  'o=- 32782839 0 IN IP4 0.0.0.0',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0 1',
  'a=extmap-allow-mixed',
  'a=msid-semantic:WMS *',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 0 126',
  'c=IN IP4 0.0.0.0',
  'a=candidate:626da 1 udp 2116026367 127.0.0.1 52008 typ host generation 0',
  'a=candidate:32b17 1 udp 2116026367 192.0.2.2 41144 typ host generation 0',
  'a=end-of-candidates',
  'a=ice-ufrag:f682',
  'a=ice-pwd:b1f232f20705f345b1a915',
  'a=ice-options:trickle',
  'a=fingerprint:sha-256 46:FC:39:11:20:4A:55:82:89:E0:69:4F:10:0E:F1:A3:9C:CB:D1:5C:6D:68:AD:EB:DA:05:5E:35:C2:3F:12:89',
  'a=setup:active',
  'a=recvonly',
  'a=mid:0',
  'a=rtcp:9 IN IP4 0.0.0.0',
  'a=rtcp-mux',
  'a=ssrc:2002401600 cname:f1946473',
  'a=rtpmap:111 opus/48000/2',
  'a=rtcp-fb:111 transport-cc',
  'a=fmtp:111 minptime=10;useinbandfec=1',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:126 telephone-event/8000',
  'm=video 9 UDP/TLS/RTP/SAVPF 96 97',
  'c=IN IP4 0.0.0.0',
  'b=AS:300',
  'a=candidate:626da 1 udp 2116026367 127.0.0.1 52008 typ host generation 0',
  'a=end-of-candidates',
  'a=ice-ufrag:f682',
  'a=ice-pwd:b1f232f20705f345b1a915',
  'a=fingerprint:sha-256 46:FC:39:11:20:4A:55:82:89:E0:69:4F:10:0E:F1:A3:9C:CB:D1:5C:6D:68:AD:EB:DA:05:5E:35:C2:3F:12:89',
  'a=setup:active',
  'a=recvonly',
  'a=mid:1',
  'a=rtcp-mux',
  'a=rtpmap:96 VP8/90000',
  'a=rtcp-fb:96 goog-remb',
  'a=rtcp-fb:96 transport-cc',
  'a=rtcp-fb:96 nack pli',
  'a=rtpmap:97 rtx/90000',
  'a=fmtp:97 apt=96',
  'a=ssrc:822550479 cname:f1946473',
  'a=rid:1 recv',
  'a=simulcast:recv 1;2;3 ',
  '',
].join('\r\n');

function context(overrides: Partial<LicodeSdpContext>): LicodeSdpContext {
  return {
    style: 'c',
    type: 'answer',
    sessionVersion: 7,
    msidSemanticToken: 'TOKEN123',
    setup: 'active',
    sendingMids: new Map(),
    stoppedMids: new Set(),
    ridsByMid: new Map(),
    ...overrides,
  };
}

const lines = (sdp: string): string[] => sdp.split(/\r?\n/);

describe('parseClientSdp', () => {
  it('reads BUNDLE, rtcp-mux, ufrag and the video b=AS', () => {
    const info = parseClientSdp(CHROME_OFFER, 'offer');
    expect(info.bundled).toBe(true);
    expect(info.rtcpMux).toBe(true);
    expect(info.iceUfrag).toBe('2P4O');
    expect(info.videoBandwidthKbps).toBe(300);
  });

  const hostile: [string, unknown, RegExp][] = [
    ['a number', 42, /must be a string/],
    ['an empty string', '', /empty/],
    ['text that is not SDP', 'hello world', /does not start with "v=0"/],
    ['an SDP without media', 'v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n', /no media section/],
    ['a NUL byte', CHROME_OFFER.replace('s=-', 's=\u0000'), /control characters/],
    ['an oversized SDP', CHROME_OFFER + 'a=x-junk:'.padEnd(200_000, 'x'), /more than/],
    ['plain RTP/AVP', CHROME_OFFER.replace('m=audio 9 UDP/TLS/RTP/SAVPF', 'm=audio 9 RTP/AVP'), /DTLS-SRTP/],
    ['no fingerprint', CHROME_OFFER.replace(/a=fingerprint:.*\r\n/g, ''), /sha-256 DTLS fingerprint/],
    ['a sha-1 fingerprint', CHROME_OFFER.replace(/a=fingerprint:sha-256/g, 'a=fingerprint:sha-1'), /sha-256/],
    ['no ICE credentials', CHROME_OFFER.replace(/a=ice-pwd:.*\r\n/g, ''), /ICE credentials/],
    ['no mid', CHROME_OFFER.replace('a=mid:0\r\n', ''), /no a=mid/],
    ['a repeated mid', CHROME_OFFER.replace('a=mid:1', 'a=mid:0'), /repeats a mid/],
    ['a data channel', CHROME_OFFER + 'm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:2\r\n', /not audio or video/],
    ['too many sections', CHROME_OFFER + 'm=audio 0 UDP/TLS/RTP/SAVPF 0\r\n'.repeat(70), /more than 64/],
  ];
  for (const [what, sdp, message] of hostile) {
    it(`rejects ${what} with a clear error`, () => {
      expect(() => parseClientSdp(sdp, 'offer')).toThrowError(InvalidSdpError);
      expect(() => parseClientSdp(sdp, 'offer')).toThrowError(message);
    });
  }
});

describe('sdpForWerift', () => {
  it('keeps only loopback UDP candidates', () => {
    const sdp = sdpForWerift(parseClientSdp(CHROME_OFFER, 'offer'));
    const candidates = lines(sdp).filter((line) => line.startsWith('a=candidate'));
    expect(candidates).toEqual(['a=candidate:2 1 udp 2122063615 127.0.0.1 58283 typ host generation 0']);
  });
});

describe('isLoopbackUdpCandidate', () => {
  it('accepts 127.0.0.1 UDP and nothing else', () => {
    expect(isLoopbackUdpCandidate('a=candidate:2 1 udp 2122063615 127.0.0.1 58283 typ host generation 0')).toBe(true);
    expect(isLoopbackUdpCandidate('a=candidate:2 1 tcp 2122063615 127.0.0.1 58283 typ host tcptype passive')).toBe(false);
    expect(isLoopbackUdpCandidate('a=candidate:2 1 udp 2122063615 192.0.2.2 58283 typ host')).toBe(false);
    expect(isLoopbackUdpCandidate('a=candidate:garbage')).toBe(false);
  });
});

describe("toLicodeSdp style 'a' (Licode v3/v4)", () => {
  const offer = parseClientSdp(CHROME_OFFER, 'offer');
  const sdp = toLicodeSdp(WERIFT_ANSWER, context({ style: 'a', offer }));

  it('uses LF line endings and the C++ SdpInfo session lines', () => {
    expect(sdp).not.toContain('\r');
    expect(lines(sdp).slice(0, 6)).toEqual(['v=0', 'o=- 0 0 IN IP4 127.0.0.1', 's=LicodeMCU', 't=0 0', 'a=group:BUNDLE 0 1', 'a=msid-semantic: WMS TOKEN123']);
  });

  it('writes port 1, c=0.0.0.0 and a=rtcp:1 in every section, loopback candidates inside, no end-of-candidates', () => {
    expect(lines(sdp).filter((line) => line.startsWith('m='))).toEqual(['m=audio 1 UDP/TLS/RTP/SAVPF 0 126', 'm=video 1 UDP/TLS/RTP/SAVPF 96']);
    expect(lines(sdp).filter((line) => line.startsWith('a=rtcp:'))).toEqual(['a=rtcp:1 IN IP4 0.0.0.0', 'a=rtcp:1 IN IP4 0.0.0.0']);
    expect(
      lines(sdp)
        .filter((line) => line.startsWith('a=candidate'))
        .every((line) => line.includes(' 127.0.0.1 ')),
    ).toBe(true);
    expect(sdp).toContain('a=candidate:626da 1 udp');
    expect(sdp).not.toContain('end-of-candidates');
  });

  it('keeps VP8 + PCMU + telephone-event only, with the offerer payload types, and no b=AS / transport-cc', () => {
    expect(sdp).toContain('a=rtpmap:96 VP8/90000');
    expect(sdp).toContain('a=rtpmap:0 PCMU/8000');
    expect(sdp).toContain('a=rtpmap:126 telephone-event/8000');
    expect(sdp).not.toMatch(/opus|rtx|VP9/i);
    expect(sdp).not.toContain('b=AS');
    expect(sdp).not.toContain('transport-cc');
    expect(sdp).toContain('a=rtcp-fb:96 goog-remb');
  });

  it('answers with a=setup:active and mirrored directions, and no SSRC lines on receive-only sections', () => {
    expect(lines(sdp).filter((line) => line.startsWith('a=setup'))).toEqual(['a=setup:active', 'a=setup:active']);
    expect(lines(sdp).filter((line) => line === 'a=recvonly')).toHaveLength(2);
    expect(sdp).not.toContain('a=ssrc');
  });

  it('writes the same SDP for every answer of the connection (o= version stays 0)', () => {
    expect(toLicodeSdp(WERIFT_ANSWER, context({ style: 'a', offer, sessionVersion: 9 }))).toBe(sdp);
  });

  it('mirrors a non-bundled offer: no BUNDLE group', () => {
    const unbundled = parseClientSdp(CHROME_OFFER.replace('a=group:BUNDLE 0 1\r\n', ''), 'offer');
    expect(toLicodeSdp(WERIFT_ANSWER, context({ style: 'a', offer: unbundled }))).not.toContain('a=group:BUNDLE');
  });

  it('writes msid/mslabel/label in the SSRC lines of sending sections', () => {
    const sending = toLicodeSdp(
      WERIFT_ANSWER.replace(/a=recvonly/g, 'a=sendonly'),
      context({
        style: 'a',
        offer,
        sendingMids: new Map([['1', { label: 'pub-label', trackId: 'track-v' }]]),
      }),
    );
    expect(sending).toContain('a=ssrc:');
    expect(sending).toMatch(/a=ssrc:\d+ msid:pub-label track-v\n/);
    expect(sending).toMatch(/a=ssrc:\d+ mslabel:pub-label\n/);
    expect(sending).not.toContain('a=msid:');
  });
});

describe("toLicodeSdp style 'a' v5 (C++ SdpInfo re-written by ErizoJS's SemanticSdp)", () => {
  const offer = parseClientSdp(CHROME_OFFER, 'offer');
  const sdp = toLicodeSdp(WERIFT_ANSWER, context({ style: 'a', aGeneration: 'v5', offer, sessionVersion: 4 }));

  it('uses CRLF, keeps o=- 0 0, s=LicodeMCU and the random msid-semantic token', () => {
    expect(sdp.split('\r\n').join('')).not.toContain('\n');
    expect(lines(sdp)).toEqual(expect.arrayContaining(['o=- 0 0 IN IP4 127.0.0.1', 's=LicodeMCU', 'a=msid-semantic: WMS TOKEN123']));
  });

  it('keeps port 1 and a=rtcp:1, candidates inside, no end-of-candidates', () => {
    expect(lines(sdp).filter((line) => line.startsWith('m='))).toEqual(['m=audio 1 UDP/TLS/RTP/SAVPF 111', 'm=video 1 UDP/TLS/RTP/SAVPF 96']);
    expect(lines(sdp).filter((line) => line.startsWith('a=rtcp:'))).toEqual(['a=rtcp:1 IN IP4 0.0.0.0', 'a=rtcp:1 IN IP4 0.0.0.0']);
    expect(sdp).toContain('a=candidate:626da 1 udp');
    expect(sdp).not.toContain('end-of-candidates');
  });

  it('answers Opus with the offerer payload type and VP8, no PCMU/telephone-event, no fmtp, no transport-cc', () => {
    expect(sdp).toContain('a=rtpmap:111 opus/48000/2');
    expect(sdp).toContain('a=rtpmap:96 VP8/90000');
    expect(sdp).not.toMatch(/PCMU|telephone-event|rtx|VP9/i);
    expect(sdp).not.toContain('a=fmtp');
    expect(sdp).not.toContain('transport-cc');
    expect(sdp).toContain('a=rtcp-fb:96 goog-remb');
  });

  it('always writes BUNDLE and rtcp-mux (SemanticSdp does), even for an offer without them', () => {
    const unbundled = parseClientSdp(CHROME_OFFER.replace('a=group:BUNDLE 0 1\r\n', '').replace(/a=rtcp-mux\r\n/g, ''), 'offer');
    const answer = toLicodeSdp(WERIFT_ANSWER, context({ style: 'a', aGeneration: 'v5', offer: unbundled }));
    expect(answer).toContain('a=group:BUNDLE 0 1');
    expect(lines(answer).filter((line) => line === 'a=rtcp-mux')).toHaveLength(2);
  });
});

describe("toLicodeSdp style 'a' v6 (ErizoJS SessionDescription)", () => {
  const offer = parseClientSdp(CHROME_OFFER, 'offer');
  const sdp = toLicodeSdp(WERIFT_ANSWER, context({ style: 'a', aGeneration: 'v6', offer, sessionVersion: 4 }));

  it('uses CRLF, the session version it is given, WMS *, port 9 with a=rtcp:1 and end-of-candidates', () => {
    expect(sdp.split('\r\n').join('')).not.toContain('\n');
    expect(lines(sdp)).toEqual(expect.arrayContaining(['o=- 0 4 IN IP4 127.0.0.1', 's=LicodeMCU', 'a=msid-semantic: WMS *']));
    expect(lines(sdp).filter((line) => line.startsWith('m='))).toEqual(['m=audio 9 UDP/TLS/RTP/SAVPF 111', 'm=video 9 UDP/TLS/RTP/SAVPF 96']);
    expect(lines(sdp).filter((line) => line.startsWith('a=rtcp:'))).toEqual(['a=rtcp:1 IN IP4 0.0.0.0', 'a=rtcp:1 IN IP4 0.0.0.0']);
    expect(lines(sdp).filter((line) => line === 'a=end-of-candidates')).toHaveLength(2);
  });

  it('answers Opus + VP8 without fmtp, like v5', () => {
    expect(sdp).toContain('a=rtpmap:111 opus/48000/2');
    expect(sdp).not.toMatch(/PCMU|telephone-event/);
    expect(sdp).not.toContain('a=fmtp');
  });
});

describe("toLicodeSdp style 'c' (Licode HEAD)", () => {
  const offer = parseClientSdp(CHROME_OFFER, 'offer');
  const sdp = toLicodeSdp(WERIFT_ANSWER, context({ offer, ridsByMid: new Map([['1', ['1', '2', '3']]]) }));

  it('uses CRLF, the session version it is given, port 9, BUNDLE and rtcp-mux', () => {
    expect(sdp.split('\r\n').join('')).not.toContain('\n');
    expect(lines(sdp).slice(0, 4)).toEqual(['v=0', 'o=- 0 7 IN IP4 127.0.0.1', 's=LicodeMCU', 't=0 0']);
    expect(sdp).toContain('a=msid-semantic: WMS *\r\n');
    expect(lines(sdp).filter((line) => line.startsWith('m='))).toEqual(['m=audio 9 UDP/TLS/RTP/SAVPF 111', 'm=video 9 UDP/TLS/RTP/SAVPF 96']);
    expect(sdp).toContain('a=group:BUNDLE 0 1\r\n');
    expect(lines(sdp).filter((line) => line === 'a=rtcp-mux')).toHaveLength(2);
  });

  it('puts candidates and a=end-of-candidates in every section', () => {
    expect(lines(sdp).filter((line) => line === 'a=end-of-candidates')).toHaveLength(2);
  });

  it('keeps VP8 + Opus only', () => {
    expect(sdp).toContain('a=rtpmap:111 opus/48000/2');
    expect(sdp).not.toMatch(/PCMU|telephone-event|rtx/);
  });

  it('echoes rids as recv and writes the draft-03 simulcast line', () => {
    expect(sdp).toContain('a=rid:1 recv\r\na=rid:2 recv\r\na=rid:3 recv\r\n');
    expect(sdp).toContain('a=simulcast: recv 1;2;3\r\n');
    expect(sdp.match(/a=simulcast/g)).toHaveLength(1);
  });

  it('writes stopped sections with port 0 and leaves them out of BUNDLE', () => {
    const offerSdp = toLicodeSdp(WERIFT_ANSWER, context({ type: 'offer', setup: 'passive', stoppedMids: new Set(['1']) }));
    expect(offerSdp).toContain('m=video 0 UDP/TLS/RTP/SAVPF 96');
    expect(offerSdp).toContain('a=group:BUNDLE 0\r\n');
    expect(offerSdp).toContain('a=setup:passive');
  });

  it('keeps a stopped BUNDLE-tag section (the first) in the bundle as inactive on port 9', () => {
    const offerSdp = toLicodeSdp(WERIFT_ANSWER, context({ type: 'offer', setup: 'passive', stoppedMids: new Set(['0', '1']) }));
    expect(offerSdp).toContain('m=audio 9 UDP/TLS/RTP/SAVPF 111');
    expect(offerSdp).toContain('m=video 0 UDP/TLS/RTP/SAVPF 96');
    expect(offerSdp).toContain('a=group:BUNDLE 0\r\n');
    expect(offerSdp.split('m=video')[0]).toContain('a=inactive');
  });

  it('uses the publisher label as msid stream id of sending sections', () => {
    const offerSdp = toLicodeSdp(
      WERIFT_ANSWER.replace(/a=recvonly/g, 'a=sendonly'),
      context({
        type: 'offer',
        setup: 'actpass',
        sendingMids: new Map([['1', { label: 'pub-label', trackId: 'track-v' }]]),
      }),
    );
    expect(offerSdp).toContain('a=msid:pub-label track-v\r\n');
    expect(offerSdp).toContain('a=setup:actpass');
    expect(offerSdp).toContain('cname:erizo');
  });
});
