/** The certificate-error binding with a stand-in 'electron' module (the real binary is not installable everywhere). */
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { ServerProfile } from '../../common/api-contract';
import { CertificateTrust } from '../security/certificate-trust';

vi.mock('electron', () => ({ app: new EventEmitter() }));

const { app } = await import('electron');
const { installCertificatePolicy } = await import('./certificates');

const lab: ServerProfile = {
  id: 'lab',
  name: 'Lab',
  serverUrl: 'https://licode.lab:3004',
  generation: 'auto',
  defaultRole: 'presenter',
  allowSelfSigned: true,
};
const certificate = { issuerName: 'Lab CA', fingerprint: 'sha256/abc' };

function certificateError(url: string, error = 'net::ERR_CERT_AUTHORITY_INVALID') {
  const event = { preventDefault: vi.fn() };
  const callback = vi.fn();
  (app as unknown as EventEmitter).emit('certificate-error', event, {}, url, error, certificate, callback);
  return { prevented: event.preventDefault.mock.calls.length > 0, answers: callback.mock.calls.map(([ok]) => ok as boolean) };
}

describe('certificate-error handler', () => {
  const log = { warn: vi.fn() };
  const trust = new CertificateTrust(() => [lab]);
  installCertificatePolicy(app, trust, log);

  it("accepts the token controller of an allowing profile, logging host:port but never the URL's token", () => {
    trust.recordToken(lab.serverUrl, { host: 'erizo.lab:8080', secure: true });
    log.warn.mockClear();
    expect(certificateError('wss://erizo.lab:8080/socket.io/?EIO=4&transport=websocket&token=SECRET-TOKEN')).toEqual({ prevented: true, answers: [true] });
    const logged = log.warn.mock.calls.flat().join(' ');
    expect(logged).toContain('erizo.lab:8080');
    expect(logged).not.toContain('SECRET-TOKEN');
  });

  it('rejects other hosts and other errors without overriding Chromium, and logs why', () => {
    log.warn.mockClear();
    expect(certificateError('wss://evil.example/socket.io/?token=SECRET-TOKEN')).toEqual({ prevented: false, answers: [false] });
    expect(certificateError('https://licode.lab:3004/', 'net::ERR_CERT_REVOKED')).toEqual({ prevented: false, answers: [false] });
    const logged = log.warn.mock.calls.flat().join(' ');
    expect(logged).toContain('rejected the certificate of evil.example:443');
    expect(logged).toContain('net::ERR_CERT_REVOKED');
    expect(logged).not.toContain('SECRET-TOKEN');
  });
});
