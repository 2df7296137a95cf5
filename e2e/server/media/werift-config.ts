import { RTCRtpCodecParameters, type PeerConfig, type RTCRtpHeaderExtensionParameters, useOPUS, usePCMU, useVP8 } from 'werift';
import type { LicodeAGeneration, SdpStyle } from './types';

export const LOOPBACK = '127.0.0.1';

// Licode's shipped media configurations (docs/licode-protocol.md §7.2): v3/v4 = VP8 (100) + PCMU (0) + telephone-event (126);
// v5, v6 (scripts/rtp_media_config_default.js) and HEAD = VP8 (100) + Opus (111). Offerer payload types win in answers (werift keeps the remote PT); these PTs only
// appear in server offers.
const videoFeedback = [{ type: 'ccm', parameter: 'fir' }, { type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'goog-remb' }];

function codecsFor(style: SdpStyle, aGeneration: LicodeAGeneration): PeerConfig['codecs'] {
  const vp8 = useVP8({ payloadType: 100, rtcpFeedback: videoFeedback });
  if (style === 'a' && aGeneration === 'v4') {
    return {
      video: [vp8],
      audio: [usePCMU({ payloadType: 0 }), new RTCRtpCodecParameters({ mimeType: 'audio/telephone-event', clockRate: 8000, payloadType: 126 })],
    };
  }
  return { video: [vp8], audio: [useOPUS({ payloadType: 111, parameters: 'minptime=10;useinbandfec=1' })] };
}

// The mid and rid extensions are what lets werift demultiplex rid-based simulcast from a publisher.
const videoExtensions: RTCRtpHeaderExtensionParameters[] = [
  { id: 4, uri: 'urn:ietf:params:rtp-hdrext:sdes:mid' },
  { id: 10, uri: 'urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id' },
  { id: 11, uri: 'urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id' },
];
const audioExtensions: RTCRtpHeaderExtensionParameters[] = [{ id: 4, uri: 'urn:ietf:params:rtp-hdrext:sdes:mid' }];

/**
 * werift configuration that keeps every packet on 127.0.0.1: no STUN/TURN server (werift's default is a public
 * Google STUN server), only loopback gathered, only loopback candidate pairs ever checked — and every socket bound to
 * 127.0.0.1. werift 0.24.4 gathers one candidate per address of `getHostAddresses(iceUseIpv4, iceUseIpv6)` plus
 * `iceAdditionalHostAddresses`, and binds each candidate's UDP socket to `iceInterfaceAddresses.udp4` (unset: the
 * wildcard 0.0.0.0, reachable from the network). So: no interface addresses, loopback added, loopback bound.
 */
export function peerConfigFor(style: SdpStyle, aGeneration: LicodeAGeneration = 'v4'): Partial<PeerConfig> {
  return {
    iceServers: [],
    iceUseIpv4: false,
    iceUseIpv6: false,
    iceAdditionalHostAddresses: [LOOPBACK],
    iceInterfaceAddresses: { udp4: LOOPBACK },
    iceUseTcp: false,
    iceFilterCandidatePair: (pair) => pair.localCandidate.host === LOOPBACK && pair.remoteCandidate.host === LOOPBACK,
    codecs: codecsFor(style, aGeneration),
    headerExtensions: { video: videoExtensions, audio: audioExtensions },
    bundlePolicy: 'max-compat',
  };
}
