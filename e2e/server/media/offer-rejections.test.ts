import { describe, expect, it } from 'vitest';
import * as sdpTransform from 'sdp-transform';
import { parseClientSdp } from './licode-sdp';
import { mirrorOfferRejections } from './offer-rejections';

function section(kind: 'audio' | 'video', mid: string, port: number, direction: string): string[] {
  const pt = kind === 'audio' ? '111 opus/48000/2' : '96 VP8/90000';
  return [
    `m=${kind} ${port} UDP/TLS/RTP/SAVPF ${pt.split(' ')[0]}`,
    'c=IN IP4 0.0.0.0',
    'a=ice-ufrag:abcd',
    'a=ice-pwd:abcdefghijklmnopqrstuvwx',
    'a=fingerprint:sha-256 AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB',
    `a=setup:${direction === 'answer' ? 'active' : 'actpass'}`,
    `a=mid:${mid}`,
    `a=${direction === 'answer' ? 'recvonly' : direction}`,
    'a=rtcp-mux',
    `a=rtpmap:${pt}`,
    ...(port > 0 ? ['a=candidate:1 1 udp 2122260223 127.0.0.1 5000 typ host', 'a=end-of-candidates'] : []),
  ];
}

const head = (bundle: string): string[] => ['v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 't=0 0', `a=group:BUNDLE ${bundle}`];

describe('answers mirror what the offer rejected (single-PC unpublish of one of two streams)', () => {
  // Chromium stopped the first publication's transceivers (mids 0, 1): port 0 and out of its BUNDLE group.
  const offer = parseClientSdp(
    [
      ...head('2 3'),
      ...section('audio', '0', 0, 'sendonly'),
      ...section('video', '1', 0, 'sendonly'),
      ...section('audio', '2', 9, 'sendonly'),
      ...section('video', '3', 9, 'sendonly'),
      '',
    ].join('\r\n'),
    'offer',
  );
  // What the Licode rewriting produced: the first section kept in the bundle (right for server offers only).
  const answer = [
    ...head('0 2 3'),
    ...section('audio', '0', 9, 'answer'),
    ...section('video', '1', 0, 'answer'),
    ...section('audio', '2', 9, 'answer'),
    ...section('video', '3', 9, 'answer'),
    '',
  ].join('\r\n');

  it('puts rejected sections on port 0, inactive, and keeps the answer BUNDLE within the offered group', () => {
    const fixed = sdpTransform.parse(mirrorOfferRejections(answer, offer));
    expect(fixed.groups).toEqual([{ type: 'BUNDLE', mids: '2 3' }]);
    expect(fixed.media.map((m) => [String(m.mid), m.port, m.direction])).toEqual([
      ['0', 0, 'inactive'],
      ['1', 0, 'inactive'],
      ['2', 9, 'recvonly'],
      ['3', 9, 'recvonly'],
    ]);
    expect(fixed.media[0]!.candidates).toBeUndefined();
  });

  it('leaves an answer alone when nothing was rejected, and keeps LF-only answers LF-only', () => {
    const all = parseClientSdp([...head('0 1'), ...section('audio', '0', 9, 'sendonly'), ...section('video', '1', 9, 'sendonly'), ''].join('\r\n'), 'offer');
    expect(mirrorOfferRejections(answer, all)).toBe(answer);
    const lf = mirrorOfferRejections(answer.replace(/\r\n/g, '\n'), offer);
    expect(lf).not.toContain('\r');
    expect(lf).toContain('a=group:BUNDLE 2 3\n');
  });
});
