import type { App } from 'electron';
import type { CertificateTrust } from '../security/certificate-trust';

export interface CertificateLog {
  warn(...parts: unknown[]): void;
}

/**
 * Chromium's certificate check for the renderer's own requests (socket.io/WebSocket to the Licode
 * controller, fetches to the token server): overridden only where CertificateTrust allows it.
 * Logs host:port and the error only — URLs can carry a token in their query.
 */
export function installCertificatePolicy(app: Pick<App, 'on'>, trust: CertificateTrust, log: CertificateLog): void {
  app.on('certificate-error', (event, _webContents, url, error, certificate, callback) => {
    const decision = trust.decide(url, error);
    if (decision.accept) {
      event.preventDefault();
      log.warn(
        `[tls] accepted a self-signed certificate for ${decision.endpoint} (${decision.because} of profile ${decision.profileId}; issuer "${certificate.issuerName}", fingerprint ${certificate.fingerprint})`,
      );
      callback(true);
    } else {
      log.warn(`[tls] rejected the certificate of ${decision.endpoint}: ${error} (${decision.reason})`);
      callback(false);
    }
  });
}
