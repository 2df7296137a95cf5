import type { CConnectionPool } from './connection-pool-c';
import { toLicodeError } from './errors';
import { EarlyMessages } from './early-messages';
import type { Publications } from './publications';
import type { RemoteStreams } from './remote-streams';
import type { RoomEvents } from './room-types';
import type { Subscriptions } from './subscriptions';
import type { ServerEvent } from './transport';

export interface ServerEventTargets {
  publications: Publications;
  subscriptions: Subscriptions;
  remotes: RemoteStreams;
  connections: CConnectionPool;
  emit<K extends keyof RoomEvents>(event: K, payload: RoomEvents[K]): void;
}

/** Delivers each (schema-checked) server event to the publication, subscription or connection it concerns. */
export class ServerEventRouter {
  readonly #early = new EarlyMessages();

  constructor(private readonly t: ServerEventTargets) {}

  /** Re-dispatch what arrived for `key` (`a:<streamId>` or `c:<connectionId>`) before its target existed. */
  replay(key: string): void {
    for (const event of this.#early.take(key)) this.route(event);
  }

  forgetEarly(): void {
    this.#early.clear();
  }

  route(event: ServerEvent): void {
    const { publications, subscriptions, remotes, connections } = this.t;
    try {
      switch (event.name) {
        case 'onAddStream': {
          const own = publications.byStreamId(event.payload.id);
          if (own) {
            own.ready.resolve(); // the publisher gets its own onAddStream once ICE/DTLS is up (§8 #16)
            return;
          }
          remotes.upsert(event.payload);
          return;
        }
        case 'onRemoveStream': {
          const id = event.payload.id;
          const own = publications.byStreamId(id);
          if (own) {
            void publications.recover(own, 'the server removed the publication');
            return;
          }
          remotes.remove(id);
          return;
        }
        case 'onDataStream':
          this.t.emit('data', { streamId: event.payload.id, stream: remotes.get(event.payload.id), message: event.payload.msg });
          return;
        case 'onUpdateAttributeStream': {
          const remote = remotes.get(event.payload.id);
          const attrs = event.payload.attrs;
          if (!remote || !attrs || typeof attrs !== 'object' || Array.isArray(attrs)) return;
          remote.attributes = { ...(attrs as Record<string, unknown>) };
          this.t.emit('stream-attributes', { stream: remote, attributes: remote.attributes });
          return;
        }
        case 'signaling_message_erizo': {
          const id = event.payload.streamId ?? event.payload.peerId;
          if (id === undefined) return;
          const target = event.payload.peerId !== undefined ? subscriptions.get(id)?.a : publications.byStreamId(id)?.a;
          if (target) void target.handle(event.payload.mess);
          else this.#early.keep(`a:${String(id)}`, event);
          return;
        }
        case 'connection_message_erizo': {
          const { connectionId, evt } = event.payload;
          const conn = connections.get(connectionId);
          if (conn) void conn.handle(evt);
          else if (!connections.wasClosed(connectionId)) this.#early.keep(`c:${connectionId}`, event);
          return;
        }
        case 'connection_failed': {
          const id = event.payload.streamId;
          if (id === undefined) return;
          const pub = publications.byStreamId(id);
          if (pub) void publications.recover(pub, 'the server reported connection_failed');
          const sub = subscriptions.get(id);
          if (sub) void subscriptions.recover(sub, 'the server reported connection_failed');
          return;
        }
        default:
          return; // bandwidth alerts and stream_message_erizo carry nothing we act on
      }
    } catch (err) {
      this.t.emit('error', toLicodeError(err, 'malformed-message'));
    }
  }
}
