import { describe, expect, it } from 'vitest';
import { LicodeError } from './errors';
import { describePublishFailure, publishStageError, stageOfStalledConnection } from './publish-failure';

/** The parts of a peer connection the classification reads. */
function pc(state: { local?: boolean; remote?: boolean; ice?: RTCIceConnectionState; connection?: RTCPeerConnectionState }): RTCPeerConnection {
  return {
    localDescription: state.local ? { type: 'offer', sdp: 'v=0' } : null,
    remoteDescription: state.remote ? { type: 'answer', sdp: 'v=0' } : null,
    iceConnectionState: state.ice ?? 'new',
    connectionState: state.connection ?? 'new',
  } as unknown as RTCPeerConnection;
}

describe('where a publication that never became ready stopped', () => {
  it('tells a page that never sent its offer from a server that never answered it, and ICE/DTLS from a missing ready', () => {
    expect(stageOfStalledConnection(undefined)).toBe('offer-not-sent');
    expect(stageOfStalledConnection(pc({}))).toBe('offer-not-sent');
    expect(stageOfStalledConnection(pc({ local: true }))).toBe('no-answer');
    expect(stageOfStalledConnection(pc({ local: true, remote: true, ice: 'checking' }))).toBe('ice');
    expect(stageOfStalledConnection(pc({ local: true, remote: true, ice: 'connected', connection: 'connecting' }))).toBe('ice'); // DTLS not up
    expect(stageOfStalledConnection(pc({ local: true, remote: true, ice: 'connected', connection: 'connected' }))).toBe('no-ready');
  });

  it('retries everything but a final refusal, and leaves a lost session to the rejoin', () => {
    expect(describePublishFailure(publishStageError('refused', 'Unauthorized', { reason: 'Unauthorized' }))).toMatchObject({
      stage: 'refused',
      permanent: true,
    });
    expect(describePublishFailure(publishStageError('refused', 'ErizoJS is not reachable', { reason: 'ErizoJS is not reachable' }))).toMatchObject({
      stage: 'refused',
      permanent: false,
    });
    expect(describePublishFailure(publishStageError('offer-not-sent', 'not ready after 20 s'))).toMatchObject({
      stage: 'offer-not-sent',
      permanent: false,
      message: 'Our offer had not been sent yet (the app was too busy to create it in time): not ready after 20 s.',
    });
    expect(describePublishFailure(new LicodeError('timeout', 'The server did not answer "publish" within 10 s.'))).toMatchObject({
      stage: 'no-publish-answer',
    });
    expect(describePublishFailure(new LicodeError('not-connected', 'gone'))).toMatchObject({ sessionGone: true, permanent: false });
    expect(describePublishFailure(new LicodeError('invalid-argument', 'bad'))).toMatchObject({ permanent: true });
  });
});
