import { WeriftMediaConnection, type PublicationRegistry } from './connection';
import { Publication } from './publication';
import type { MediaConnection, MediaConnectionOptions, MediaPlane, PublicationStats, SubscriptionInfo } from './types';

export type * from './types';
export { InvalidSdpError } from './licode-sdp';

/** The werift media plane: every connection of the test server, and the publications they forward. */
class WeriftMediaPlane implements MediaPlane, PublicationRegistry {
  private readonly connections = new Map<string, WeriftMediaConnection>();
  private readonly publications = new Map<number, Publication>();
  private closed = false;

  createConnection(options: MediaConnectionOptions): MediaConnection {
    if (this.closed) throw new Error('The media plane is closed');
    if (this.connections.has(options.id)) throw new Error(`A media connection with id ${options.id} already exists`);
    if (options.style !== 'a' && options.style !== 'c') throw new Error(`Unknown SDP style ${String(options.style)}`);
    const connection = new WeriftMediaConnection(options, this);
    this.connections.set(options.id, connection);
    return connection;
  }

  registerPublication(streamId: number, label: string, connection: WeriftMediaConnection): Publication {
    if (this.publications.has(streamId)) throw new Error(`Publication ${streamId} already exists`);
    const publication = new Publication(streamId, label, connection.id, () => connection.publicationReady(streamId));
    this.publications.set(streamId, publication);
    return publication;
  }

  findPublication(streamId: number): Publication | undefined {
    return this.publications.get(streamId);
  }

  connectionClosed(connection: WeriftMediaConnection): void {
    this.connections.delete(connection.id);
    // A publisher connection that goes away takes its publications with it (Erizo removes the publisher).
    for (const streamId of connection.publications) void this.removePublication(streamId);
  }

  isPublicationReady(streamId: number): boolean {
    return this.publications.get(streamId)?.isReady ?? false;
  }

  async removePublication(streamId: number): Promise<void> {
    const publication = this.publications.get(streamId);
    if (!publication) return;
    this.publications.delete(streamId);
    for (const connection of this.connections.values()) {
      if (connection.subscriptions.includes(streamId)) connection.removeSubscription(streamId);
    }
    this.connections.get(publication.publisherConnectionId)?.forgetPublication(streamId);
    publication.close();
  }

  stats(streamId: number): PublicationStats | undefined {
    return this.publications.get(streamId)?.stats();
  }

  dropPublisherMedia(streamId: number, drop: boolean): boolean {
    const publication = this.publications.get(streamId);
    publication?.dropMedia(drop);
    return publication !== undefined;
  }

  get droppedPublications(): number[] {
    return [...this.publications.values()].filter((publication) => publication.droppingMedia).map((publication) => publication.streamId);
  }

  subscriptions(streamId: number): SubscriptionInfo[] {
    return [...this.connections.values()].flatMap((connection) => connection.describeSubscription(streamId) ?? []);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.connections.values()].map((connection) => connection.close()));
    for (const publication of this.publications.values()) publication.close();
    this.publications.clear();
  }
}

export function createMediaPlane(): MediaPlane {
  return new WeriftMediaPlane();
}
