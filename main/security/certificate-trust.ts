/**
 * Which untrusted TLS certificates the Electron renderer may accept. A user can allow a self-signed
 * certificate per server profile (lab servers); then, and only then, Chromium's certificate check is
 * overridden for that profile's own token server (host:port of its serverUrl) and for the Licode
 * controller host:port named in a token that main itself obtained from that server. Everything else —
 * other hosts, other kinds of certificate error, profiles without the choice — keeps Chromium's verdict.
 * Pure logic (no Electron), used by main/electron/certificates.ts.
 */
import type { LicodeToken, ServerProfile } from '../../common/api-contract';

/** Chromium's error for a certificate not signed by a trusted authority, which is what self-signed gives. */
export const SELF_SIGNED_ERRORS: ReadonlySet<string> = new Set(['net::ERR_CERT_AUTHORITY_INVALID']);

export type CertificateDecision =
  { accept: true; endpoint: string; profileId: string; because: 'profile-server' | 'token-controller' } | { accept: false; endpoint: string; reason: string };

const DEFAULT_PORTS: Record<string, string> = { 'https:': '443', 'wss:': '443', 'http:': '80', 'ws:': '80' };

/** "host:port" of a URL with the scheme's default port filled in; null when not an http(s)/ws(s) URL. */
export function endpointOf(candidate: string): string | null {
  try {
    const url = new URL(candidate);
    const defaultPort = DEFAULT_PORTS[url.protocol];
    if (!defaultPort || !url.hostname) return null;
    return `${url.hostname.toLowerCase()}:${url.port || defaultPort}`;
  } catch {
    return null;
  }
}

/** "host:port" of a token's controller (docs/licode-protocol.md §6.3: host is "name[:port]", secure picks wss/ws). */
export function controllerEndpoint(token: Pick<LicodeToken, 'host' | 'secure'>): string | null {
  return endpointOf(`${token.secure ? 'wss' : 'ws'}://${token.host}`);
}

export class CertificateTrust {
  /** Controller endpoints from tokens main created, with the serverUrl each token came from. */
  readonly #controllers = new Map<string, Set<string>>();

  /** `profiles()` is read at decision time, so unticking "allow self-signed" takes effect at once. */
  constructor(private readonly profiles: () => readonly ServerProfile[]) {}

  /** Called by main after it obtained a token from `serverUrl` (never with a token from the renderer). */
  recordToken(serverUrl: string, token: Pick<LicodeToken, 'host' | 'secure'>): void {
    const controller = controllerEndpoint(token);
    const server = endpointOf(serverUrl);
    if (!controller || !server) return;
    const servers = this.#controllers.get(controller) ?? new Set<string>();
    servers.add(server);
    this.#controllers.set(controller, servers);
  }

  decide(url: string, error: string): CertificateDecision {
    const endpoint = endpointOf(url);
    if (!endpoint) return { accept: false, endpoint: '(not an http or websocket URL)', reason: 'not an http(s) or ws(s) URL' };
    if (!SELF_SIGNED_ERRORS.has(error)) return { accept: false, endpoint, reason: `${error} is not a self-signed certificate` };
    const allowing = this.profiles().filter((p) => p.allowSelfSigned);
    const own = allowing.find((p) => endpointOf(p.serverUrl) === endpoint);
    if (own) return { accept: true, endpoint, profileId: own.id, because: 'profile-server' };
    const servers = this.#controllers.get(endpoint);
    const viaToken = servers && allowing.find((p) => servers.has(endpointOf(p.serverUrl) ?? ''));
    if (viaToken) return { accept: true, endpoint, profileId: viaToken.id, because: 'token-controller' };
    return { accept: false, endpoint, reason: 'no server profile allows a self-signed certificate for this host' };
  }
}
