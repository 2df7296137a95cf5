/**
 * Child process hosting only the media plane for benchmarks: everything else (publisher, subscribers, their
 * libwebrtc threads) lives in the parent, so process.cpuUsage() here is the server's forwarding cost alone.
 */
import { createMediaPlane } from '../../e2e/server/media/index';
import type { MediaConnection } from '../../e2e/server/media/types';
import type { PlaneEvent, PlaneReply, PlaneRequest } from './media-plane-protocol';

const plane = createMediaPlane();
const connections = new Map<string, MediaConnection>();
const streams = new Set<number>();

function send(message: PlaneReply | PlaneEvent): void {
  process.send?.(message);
}

function track(connection: MediaConnection): void {
  connections.set(connection.id, connection);
  connection.on((event) =>
    send({ event: 'connection', connectionId: connection.id, type: event.type, streamId: 'streamId' in event ? event.streamId : undefined }),
  );
}

async function handle(request: PlaneRequest): Promise<Omit<PlaneReply & { ok: true }, 'id' | 'ok'>> {
  switch (request.op) {
    case 'publish': {
      const connection = plane.createConnection({ id: request.connectionId, style: 'c', maxVideoBW: request.maxVideoBW });
      track(connection);
      connection.expectPublication(request.streamId, request.label);
      streams.add(request.streamId);
      return { sdp: await connection.acceptOffer(request.offer) };
    }
    case 'subscribe': {
      const connection = plane.createConnection({ id: request.connectionId, style: 'c' });
      track(connection);
      connection.addSubscription(request.streamId);
      return { sdp: await connection.createOffer() };
    }
    case 'answer': {
      const connection = connections.get(request.connectionId);
      if (!connection) throw new Error(`unknown connection ${request.connectionId}`);
      await connection.acceptAnswer(request.sdp);
      return {};
    }
    case 'measure': {
      const totals = () => {
        const sum = { packetsIn: { audio: 0, video: 0 }, packetsOut: { audio: 0, video: 0 }, plisSent: 0 };
        for (const streamId of streams) {
          const stats = plane.stats(streamId);
          if (!stats) continue;
          sum.packetsIn.audio += stats.packetsIn.audio;
          sum.packetsIn.video += stats.packetsIn.video;
          sum.packetsOut.audio += stats.packetsOut.audio;
          sum.packetsOut.video += stats.packetsOut.video;
          sum.plisSent += stats.plisSent;
        }
        return sum;
      };
      const before = totals();
      const cpu = process.cpuUsage();
      const start = performance.now();
      await new Promise((resolve) => setTimeout(resolve, request.durationMs));
      const used = process.cpuUsage(cpu);
      const after = totals();
      return {
        measurement: {
          wallMs: performance.now() - start,
          userUs: used.user,
          systemUs: used.system,
          packetsIn: { audio: after.packetsIn.audio - before.packetsIn.audio, video: after.packetsIn.video - before.packetsIn.video },
          packetsOut: { audio: after.packetsOut.audio - before.packetsOut.audio, video: after.packetsOut.video - before.packetsOut.video },
          plisSent: after.plisSent - before.plisSent,
          rssBytes: process.memoryUsage().rss,
        },
      };
    }
    case 'close':
      await plane.close();
      setTimeout(() => process.exit(0), 50);
      return {};
  }
}

process.on('message', (message: { id: number } & PlaneRequest) => {
  handle(message).then(
    (result) => send({ id: message.id, ok: true, ...result }),
    (error: unknown) => send({ id: message.id, ok: false, error: (error as Error).message }),
  );
});
process.on('disconnect', () => process.exit(0));
