import { describe, expect, it } from 'vitest';
import type { ServerProfile } from '../../common/api-contract';
import { CertificateTrust, controllerEndpoint, endpointOf } from './certificate-trust';

const SELF_SIGNED = 'net::ERR_CERT_AUTHORITY_INVALID';
const profile = (over: Partial<ServerProfile>): ServerProfile => ({
  id: 'lab',
  name: 'Lab',
  serverUrl: 'https://licode.lab:3004',
  generation: 'auto',
  defaultRole: 'presenter',
  allowSelfSigned: true,
  ...over,
});

describe('endpoints', () => {
  it('fill in the default port and ignore path, query and case', () => {
    expect(endpointOf('https://Licode.Lab/createToken/')).toBe('licode.lab:443');
    expect(endpointOf('wss://licode.lab:8080/socket.io/?EIO=4&token=secret')).toBe('licode.lab:8080');
    expect(endpointOf('ws://[::1]/x')).toBe('[::1]:80');
    expect(endpointOf('file:///etc/passwd')).toBeNull();
    expect(endpointOf('not a url')).toBeNull();
    expect(controllerEndpoint({ host: 'erizo.lab:8080', secure: true })).toBe('erizo.lab:8080');
    expect(controllerEndpoint({ host: 'erizo.lab', secure: true })).toBe('erizo.lab:443');
  });
});

describe('self-signed certificate decisions', () => {
  it("accept the profile's own server when the profile allows it", () => {
    const trust = new CertificateTrust(() => [profile({})]);
    expect(trust.decide('https://licode.lab:3004/createToken/', SELF_SIGNED)).toEqual({
      accept: true,
      endpoint: 'licode.lab:3004',
      profileId: 'lab',
      because: 'profile-server',
    });
    // Same host, other port: not the profile's server.
    expect(trust.decide('https://licode.lab:443/', SELF_SIGNED).accept).toBe(false);
  });

  it('accept the controller of a token main obtained from that profile, and nothing else', () => {
    const trust = new CertificateTrust(() => [profile({})]);
    expect(trust.decide('wss://erizo.lab:8080/socket.io/?token=x', SELF_SIGNED).accept).toBe(false);
    trust.recordToken('https://licode.lab:3004', { host: 'erizo.lab:8080', secure: true });
    expect(trust.decide('wss://erizo.lab:8080/socket.io/?token=x', SELF_SIGNED)).toMatchObject({ accept: true, because: 'token-controller', profileId: 'lab' });
    expect(trust.decide('wss://erizo.lab:8081/', SELF_SIGNED).accept).toBe(false);
    expect(trust.decide('wss://evil.example:8080/', SELF_SIGNED).accept).toBe(false);
  });

  it('reject everything for profiles without the choice, including their token controllers', () => {
    const trust = new CertificateTrust(() => [profile({ allowSelfSigned: false })]);
    trust.recordToken('https://licode.lab:3004', { host: 'erizo.lab:8080', secure: true });
    expect(trust.decide('https://licode.lab:3004/', SELF_SIGNED)).toMatchObject({ accept: false, reason: expect.stringContaining('no server profile') });
    expect(trust.decide('wss://erizo.lab:8080/', SELF_SIGNED).accept).toBe(false);
  });

  it('reject a controller whose token came from a server no allowing profile points at', () => {
    const trust = new CertificateTrust(() => [profile({})]);
    trust.recordToken('https://other.example:3004', { host: 'erizo.lab:8080', secure: true });
    expect(trust.decide('wss://erizo.lab:8080/', SELF_SIGNED).accept).toBe(false);
  });

  it('follow the profile setting as it changes', () => {
    let profiles = [profile({})];
    const trust = new CertificateTrust(() => profiles);
    expect(trust.decide('https://licode.lab:3004/', SELF_SIGNED).accept).toBe(true);
    profiles = [profile({ allowSelfSigned: false })];
    expect(trust.decide('https://licode.lab:3004/', SELF_SIGNED).accept).toBe(false);
  });

  it('reject other certificate errors even for allowed hosts', () => {
    const trust = new CertificateTrust(() => [profile({})]);
    for (const error of ['net::ERR_CERT_DATE_INVALID', 'net::ERR_CERT_REVOKED', 'net::ERR_CERT_COMMON_NAME_INVALID']) {
      expect(trust.decide('https://licode.lab:3004/', error)).toMatchObject({ accept: false, reason: `${error} is not a self-signed certificate` });
    }
    expect(trust.decide('file:///x', SELF_SIGNED).accept).toBe(false);
  });
});
