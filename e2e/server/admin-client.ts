import type { AdminState } from './admin/admin-server';
import type { ClientSummary } from './signalling/context';
import type { RecordingSummary } from './signalling/recordings';

export type { AdminState } from './admin/admin-server';
export type { ClientSummary } from './signalling/context';
export type { RecordingSummary } from './signalling/recordings';

export type TokenRefusal = 'Authentication error' | 'Token does not exist' | 'Invalid host' | 'Nuve does not respond' | 'createToken';

/** Typed client of the test server's fault-injection admin API (routes: e2e/server/README.md). */
export class AdminClient {
  constructor(private readonly adminUrl: string) {}

  state(): Promise<AdminState> {
    return this.call('GET', '/state');
  }

  rooms(): Promise<AdminState['rooms']> {
    return this.call('GET', '/rooms');
  }

  clients(): Promise<ClientSummary[]> {
    return this.call('GET', '/clients');
  }

  streams(): Promise<AdminState['rooms'][number]['streams']> {
    return this.call('GET', '/streams');
  }

  /** Every recording clients started (`startRecorder`) in this server life, running or ended, with its times. */
  recordings(): Promise<RecordingSummary[]> {
    return this.call('GET', '/recordings');
  }

  /** Cut the client's socket abruptly; with `forMs` its reconnection attempts are cut off too for that long. */
  dropClient(clientId: string, forMs = 0): Promise<void> {
    return this.call('POST', `/clients/${encodeURIComponent(clientId)}/drop`, { forMs });
  }

  /** Emit any event with any arguments to a client (dialect C: `envelope: true` wraps args[0] in a ReliableSocket envelope). */
  sendToClient(clientId: string, event: string, args: unknown[] = [], envelope = false): Promise<void> {
    return this.call('POST', `/clients/${encodeURIComponent(clientId)}/send`, { event, args, envelope });
  }

  /** Dialect C and B v8: `connection_message_erizo {info: 150, evt: {type: 'quality_level', level}}` on each of the client's connections. */
  qualityLevel(clientId: string, level: 0 | 1 | 2): Promise<void> {
    return this.call('POST', `/clients/${encodeURIComponent(clientId)}/quality-level`, { level });
  }

  /** Refuse the next `count` token checks with `reason` ('createToken': refuse token creation with 401 instead). */
  refuseTokens(count = 1, reason: TokenRefusal = 'Token does not exist'): Promise<void> {
    return this.call('POST', '/tokens/refuse', { count, reason });
  }

  /** Forget issued tokens now (one or all), as if swept. */
  async expireTokens(tokenId?: string): Promise<number> {
    const r = await this.call<{ expired: number }>('POST', '/tokens/expire', tokenId === undefined ? {} : { tokenId });
    return r.expired;
  }

  /** Make every stored token `ms` older (reach the 3-minute lazy sweep without waiting). */
  ageTokens(ms: number): Promise<void> {
    return this.call('POST', '/tokens/age', { ms });
  }

  withholdAcks(event: string, count?: number): Promise<void> {
    return this.call('POST', '/acks', count === undefined ? { event, mode: 'withhold' } : { event, mode: 'withhold', count });
  }

  delayAcks(event: string, ms: number, count?: number): Promise<void> {
    return this.call('POST', '/acks', count === undefined ? { event, mode: 'delay', ms } : { event, mode: 'delay', ms, count });
  }

  clearAckFaults(): Promise<void> {
    return this.call('DELETE', '/acks');
  }

  /** A: `connection_failed`; C: `connection_message_erizo` info 500 — for the publisher or one subscriber. */
  failStream(streamId: number, subscriberClientId?: string): Promise<void> {
    return this.call('POST', `/streams/${streamId}/fail`, subscriberClientId === undefined ? {} : { subscriberClientId });
  }

  /** Drop every packet (STUN, DTLS, RTP) of the publisher's or one subscriber's connection for `ms`: a broken path. */
  blackholeStream(streamId: number, ms: number, subscriberClientId?: string): Promise<void> {
    return this.call('POST', `/streams/${streamId}/blackhole`, subscriberClientId === undefined ? { ms } : { ms, subscriberClientId });
  }

  /**
   * Drop every RTP packet the publisher of `streamId` sends, at the media plane, until `restorePublisherMedia`: its
   * subscribers see the media stop while ICE, DTLS and signalling stay up (a frozen participant, not a broken link).
   */
  dropPublisherMedia(streamId: number): Promise<void> {
    return this.call('POST', `/streams/${streamId}/drop-media`);
  }

  restorePublisherMedia(streamId: number): Promise<void> {
    return this.call('DELETE', `/streams/${streamId}/drop-media`);
  }

  /** Remove a publication server-side (as an ErizoJS loss): `onRemoveStream` to the room. */
  killStream(streamId: number): Promise<void> {
    return this.call('POST', `/streams/${streamId}/kill`);
  }

  bandwidthAlert(streamId: number, message = 'insufficient', bandwidth = 0): Promise<void> {
    return this.call('POST', `/streams/${streamId}/bandwidth-alert`, { message, bandwidth });
  }

  /** Dialect C and B v8: send subscription offers before the subscribe ack (§8 18, 24a). */
  setOfferBeforeAck(enabled: boolean): Promise<void> {
    return this.call('POST', '/options', { offerBeforeAck: enabled });
  }

  /**
   * Make publish/subscribe fail as when no ErizoAgent/ErizoJS answers: acks `(null, null, reason)` (C, A v6) or
   * `(null, reason)` (A v4/v5); subscribe always says 'ErizoJS is not reachable'. `null` turns it off.
   */
  setErizoUnreachable(reason: 'ErizoJS is not reachable' | 'ErizoAgent is not reachable' | 'ErizoAgent or ErizoJS is not reachable' | null): Promise<void> {
    return this.call('POST', '/options', { erizoUnreachable: reason });
  }

  /**
   * The next `count` media publications (of `clientId`, or anyone's) never become ready: `no-answer` — the client's
   * offer is never answered; `no-connect` — answered, but every packet is dropped so ICE/DTLS never connect. The
   * publish ack and `started` come as usual; nothing is signalled afterwards.
   */
  stallPublishes(options: { count?: number; mode?: 'no-answer' | 'no-connect'; clientId?: string } = {}): Promise<void> {
    return this.call('POST', '/faults/publish-stall', options);
  }

  clearPublishStalls(): Promise<void> {
    return this.call('DELETE', '/faults/publish-stall');
  }

  /**
   * From now on, subscriptions of `clientId` (the subscriber) to `streamId` never become ready — either field left out
   * matches any — until `clearSubscribeStalls`. The subscribe is acknowledged as usual; A: the subscriber's offer is
   * never answered; C: the stream is never offered on its connection.
   */
  stallSubscriptions(options: { clientId?: string; streamId?: number } = {}): Promise<void> {
    return this.call('POST', '/faults/subscribe-stall', options);
  }

  clearSubscribeStalls(): Promise<void> {
    return this.call('DELETE', '/faults/subscribe-stall');
  }

  /** Sockets drop, all state (tokens, rooms, streams) is lost; the server comes back on the same ports. */
  restart(): Promise<void> {
    return this.call('POST', '/restart');
  }

  async addBot(room = 'basicExampleRoom', name?: string): Promise<number> {
    const r = await this.call<{ streamId: number }>('POST', '/bots', name === undefined ? { room } : { room, name });
    return r.streamId;
  }

  private async call<T = void>(method: string, path: string, body?: unknown): Promise<T> {
    // The admin API takes every POST, and any body, only as JSON (a web page cannot send that without a preflight).
    const json = body ?? (method === 'POST' ? {} : undefined);
    const res = await fetch(`${this.adminUrl}${path}`, {
      method,
      headers: json === undefined ? {} : { 'content-type': 'application/json' },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
    const text = await res.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    if (!res.ok) {
      const message = typeof parsed === 'object' && parsed !== null && 'error' in parsed ? String((parsed as { error: unknown }).error) : text;
      throw new Error(`Admin ${method} ${path} failed (${res.status}): ${message}`);
    }
    return parsed as T;
  }
}
