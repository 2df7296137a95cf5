import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PublicationStats, SubscriptionInfo } from '../media/types';
import { publicStream } from '../rooms/room-registry';
import { ERIZO_TIMEOUTS, isRecord, PUBLISH_STALL_MODES, type ErizoTimeout, type PublishStallMode } from '../signalling/faults';
import type { TokenFailure } from '../tokens/token-service';
import type { TestServer } from '../index';
import { readLimitedBody, replyAndClose } from '../http/request-body';

const TOKEN_FAILURES: readonly string[] = ['Authentication error', 'Token does not exist', 'Invalid host', 'Nuve does not respond'];

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The fault-injection admin API (JSON over HTTP on 127.0.0.1). Routes are listed in e2e/server/README.md and typed
 * in e2e/server/admin-client.ts.
 */
export function createAdminHandler(server: TestServer): (req: IncomingMessage, res: ServerResponse) => void {
  // The publish-stall fault finds a publication's owner and media connection in whatever server life is current.
  server.faults.publicationLookup = (streamId) => {
    const g = server.current;
    const found = g.rooms.findStream(streamId);
    return found ? { ownerId: found.stream.ownerId, media: g.controller.streamMedia(streamId) } : undefined;
  };
  return (req, res) => {
    route(server, req)
      .then((body) => reply(res, 200, body ?? { ok: true }))
      .catch((err: unknown) => {
        // The body of a refused request is never read: close the connection rather than take it in.
        if (err instanceof HttpError && (err.status === 413 || err.status === 415))
          replyAndClose(res, err.status, JSON.stringify({ error: err.message }), JSON_TYPE);
        else if (err instanceof HttpError) reply(res, err.status, { error: err.message });
        else reply(res, 500, { error: String(err) });
      });
  };
}

async function route(server: TestServer, req: IncomingMessage): Promise<unknown> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const method = req.method ?? 'GET';
  const body = await readJson(req, method);
  const g = server.current;
  const key = `${method} /${parts.map((p, i) => (i === 1 && parts.length > 2 ? ':id' : p)).join('/')}`;

  switch (key) {
    case 'GET /state':
      return state(server);
    case 'GET /rooms':
      return state(server).rooms;
    case 'GET /clients':
      return g.controller.clients();
    case 'GET /streams':
      return state(server).rooms.flatMap((r) => r.streams);
    case 'GET /recordings':
      return g.recordings.list();
    case 'POST /clients/:id/drop': {
      const forMs = optionalNumber(body.forMs, 'forMs') ?? 0;
      return found(g.controller.dropClient(parts[1] ?? '', forMs), 'client');
    }
    case 'POST /clients/:id/send': {
      const event = body.event;
      if (typeof event !== 'string' || event === '') throw new HttpError(400, '"event" must be a non-empty string');
      const args = body.args === undefined ? [] : body.args;
      if (!Array.isArray(args)) throw new HttpError(400, '"args" must be an array');
      return found(g.controller.sendRaw(parts[1] ?? '', event, args, body.envelope === true), 'client');
    }
    case 'POST /clients/:id/quality-level': {
      const level = body.level;
      if (level !== 0 && level !== 1 && level !== 2) throw new HttpError(400, '"level" must be 0, 1 or 2 (very low, low, good)');
      return found(g.controller.qualityLevel(parts[1] ?? '', level), 'dialect-C or B v8 client with a connection');
    }
    case 'POST /tokens/refuse': {
      const count = optionalNumber(body.count, 'count') ?? 1;
      const reason = body.reason ?? 'Token does not exist';
      if (reason !== 'createToken' && (typeof reason !== 'string' || !TOKEN_FAILURES.includes(reason))) {
        throw new HttpError(400, `"reason" must be one of ${[...TOKEN_FAILURES, 'createToken'].join(', ')}`);
      }
      server.refuseTokens(count, reason as TokenFailure | 'createToken');
      return { ok: true };
    }
    case 'POST /tokens/expire': {
      if (body.tokenId !== undefined && typeof body.tokenId !== 'string') throw new HttpError(400, '"tokenId" must be a string');
      return { expired: g.tokens.expire(body.tokenId as string | undefined) };
    }
    case 'POST /tokens/age': {
      const ms = optionalNumber(body.ms, 'ms');
      if (ms === undefined) throw new HttpError(400, '"ms" is required');
      g.tokens.age(ms);
      return { ok: true };
    }
    case 'POST /acks': {
      const event = body.event;
      if (typeof event !== 'string' || event === '') throw new HttpError(400, '"event" must be a non-empty string');
      if (body.mode !== 'withhold' && body.mode !== 'delay') throw new HttpError(400, '"mode" must be "withhold" or "delay"');
      const ms = optionalNumber(body.ms, 'ms') ?? 0;
      const count = optionalNumber(body.count, 'count');
      server.faults.setAckRule(event, count === undefined ? { mode: body.mode, ms } : { mode: body.mode, ms, remaining: count });
      return { ok: true };
    }
    case 'DELETE /acks':
      server.faults.clearAckRules();
      return { ok: true };
    case 'POST /streams/:id/fail': {
      const subscriber = body.subscriberClientId;
      if (subscriber !== undefined && typeof subscriber !== 'string') throw new HttpError(400, '"subscriberClientId" must be a string');
      const media = g.controller.streamMedia(streamIdOf(parts[1]), subscriber as string | undefined);
      media?.fail('fault injection');
      return found(media !== undefined, 'stream connection');
    }
    case 'POST /streams/:id/blackhole': {
      const ms = optionalNumber(body.ms, 'ms');
      if (ms === undefined || ms <= 0 || ms > 120_000) throw new HttpError(400, '"ms" must be a number of milliseconds between 1 and 120000');
      const subscriber = body.subscriberClientId;
      if (subscriber !== undefined && typeof subscriber !== 'string') throw new HttpError(400, '"subscriberClientId" must be a string');
      const media = g.controller.streamMedia(streamIdOf(parts[1]), subscriber as string | undefined);
      media?.blackhole(ms);
      return found(media !== undefined, 'stream connection');
    }
    case 'POST /streams/:id/drop-media':
      return found(g.media.dropPublisherMedia(streamIdOf(parts[1]), true), 'publication');
    case 'DELETE /streams/:id/drop-media':
      return found(g.media.dropPublisherMedia(streamIdOf(parts[1]), false), 'publication');
    case 'POST /streams/:id/kill':
      return found(await server.killStream(streamIdOf(parts[1])), 'stream');
    case 'POST /streams/:id/bandwidth-alert': {
      const message = typeof body.message === 'string' ? body.message : 'insufficient';
      const bandwidth = optionalNumber(body.bandwidth, 'bandwidth') ?? 0;
      return found(g.controller.bandwidthAlert(streamIdOf(parts[1]), message, bandwidth), 'stream');
    }
    case 'POST /options': {
      if (body.offerBeforeAck !== undefined) {
        if (typeof body.offerBeforeAck !== 'boolean') throw new HttpError(400, '"offerBeforeAck" must be a boolean');
        server.faults.offerBeforeAck = body.offerBeforeAck;
      }
      if (body.erizoUnreachable !== undefined) {
        const reason = body.erizoUnreachable;
        if (reason !== null && !ERIZO_TIMEOUTS.includes(reason as ErizoTimeout)) {
          throw new HttpError(400, `"erizoUnreachable" must be null or one of: ${ERIZO_TIMEOUTS.join(', ')}`);
        }
        server.faults.erizoUnreachable = reason === null ? undefined : (reason as ErizoTimeout);
      }
      return { offerBeforeAck: server.faults.offerBeforeAck, erizoUnreachable: server.faults.erizoUnreachable ?? null };
    }
    case 'POST /faults/publish-stall': {
      const count = optionalNumber(body.count, 'count') ?? 1;
      if (!Number.isInteger(count) || count < 1 || count > 100) throw new HttpError(400, '"count" must be a whole number from 1 to 100');
      const mode = body.mode ?? 'no-answer';
      if (typeof mode !== 'string' || !(PUBLISH_STALL_MODES as readonly string[]).includes(mode)) {
        throw new HttpError(400, `"mode" must be one of: ${PUBLISH_STALL_MODES.join(', ')}`);
      }
      const clientId = body.clientId;
      if (clientId !== undefined && (typeof clientId !== 'string' || clientId === '')) throw new HttpError(400, '"clientId" must be a non-empty string');
      server.faults.addPublishStall({ clientId: clientId as string | undefined, mode: mode as PublishStallMode, remaining: count });
      return { publishStalls: server.faults.describe().publishStalls };
    }
    case 'DELETE /faults/publish-stall':
      server.faults.clearPublishStalls();
      return { ok: true };
    case 'POST /faults/subscribe-stall': {
      const clientId = body.clientId;
      if (clientId !== undefined && (typeof clientId !== 'string' || clientId === '')) throw new HttpError(400, '"clientId" must be a non-empty string');
      const streamId = body.streamId;
      if (streamId !== undefined && (typeof streamId !== 'number' || !Number.isInteger(streamId)))
        throw new HttpError(400, '"streamId" must be a whole number');
      server.faults.addSubscribeStall({ clientId: clientId as string | undefined, streamId: streamId as number | undefined });
      return { subscribeStalls: server.faults.describe().subscribeStalls };
    }
    case 'DELETE /faults/subscribe-stall':
      server.faults.clearSubscribeStalls();
      return { ok: true };
    case 'POST /restart':
      await server.restart();
      return { ok: true };
    case 'POST /bots': {
      const room = body.room === undefined ? 'basicExampleRoom' : body.room;
      if (typeof room !== 'string' || room === '') throw new HttpError(400, '"room" must be a non-empty string');
      if (body.name !== undefined && typeof body.name !== 'string') throw new HttpError(400, '"name" must be a string');
      return { streamId: await server.addBot(room, body.name as string | undefined) };
    }
    default:
      throw new HttpError(404, `No admin route ${method} ${url.pathname}`);
  }
}

export interface AdminState {
  dialect: string;
  aVersion?: string;
  /** Dialect B: 'v7' or 'v8'. */
  bVersion?: string;
  tokens: number;
  /** Sockets that never presented a token in this server life: generation probes (§1.4). */
  tokenlessSockets: number;
  faults: ReturnType<TestServer['faults']['describe']>;
  /** Publications whose publisher's media is being dropped (`POST /streams/:id/drop-media`). */
  droppedMedia: number[];
  rooms: {
    id: string;
    name: string;
    p2p: boolean;
    live: boolean;
    clients: ReturnType<TestServer['current']['controller']['clients']>;
    streams: (Record<string, unknown> & {
      owner: string;
      ready: boolean;
      kind: string;
      dataSubscribers: string[];
      avSubscribers: string[];
      /** Media subscriptions: the simulcast layer each is forwarded, the layers seen, and what it asked for. */
      subscriptions: SubscriptionInfo[];
      /** What the media plane received and forwarded for it (null: no publication on the plane). */
      media: PublicationStats | null;
    })[];
  }[];
}

function state(server: TestServer): AdminState {
  const g = server.current;
  const clients = g.controller.clients();
  return {
    dialect: server.dialect,
    ...(server.dialect === 'A' ? { aVersion: server.aVersion } : {}),
    ...(server.dialect === 'B' ? { bVersion: server.bVersion } : {}),
    tokens: g.tokens.size,
    tokenlessSockets: g.controller.tokenlessSockets,
    faults: server.faults.describe(),
    droppedMedia: [...g.media.droppedPublications],
    rooms: g.rooms.listNuveRooms().map((nuve) => {
      const live = g.rooms.liveRoom(nuve._id);
      return {
        id: nuve._id,
        name: nuve.name,
        p2p: nuve.p2p === true,
        live: live !== undefined,
        clients: clients.filter((c) => c.roomId === nuve._id),
        streams: [...(live?.streams.values() ?? [])].map((s) => ({
          ...publicStream(s, true),
          owner: s.ownerId,
          ready: s.ready,
          kind: s.kind,
          dataSubscribers: [...s.dataSubscribers],
          avSubscribers: [...s.avSubscribers],
          subscriptions: g.media.subscriptions(s.id),
          media: g.media.stats(s.id) ?? null,
        })),
      };
    }),
  };
}

function found(ok: boolean, what: string): { ok: true } {
  if (!ok) throw new HttpError(404, `No such ${what}`);
  return { ok: true };
}

function streamIdOf(text: string | undefined): number {
  const id = Number(text);
  if (!text || !Number.isFinite(id)) throw new HttpError(400, `"${String(text)}" is not a stream id`);
  return id;
}

function optionalNumber(v: unknown, name: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new HttpError(400, `"${name}" must be a non-negative number`);
  return v;
}

/**
 * POST and PUT, and any request with a body, must say `Content-Type: application/json`: a page's no-cors `fetch` can
 * only send text/plain, form or multipart bodies, and a cross-origin JSON request needs a CORS preflight, which this
 * API never grants. Bodies are capped at 64 kB.
 */
async function readJson(req: IncomingMessage, method: string): Promise<Record<string, unknown>> {
  const hasBody = req.headers['content-length'] !== undefined ? req.headers['content-length'] !== '0' : req.headers['transfer-encoding'] !== undefined;
  if (!hasBody && method !== 'POST' && method !== 'PUT') return {};
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') throw new HttpError(415, 'Admin requests with a body (and every POST) must be sent as Content-Type: application/json');
  const body = await readLimitedBody(req);
  if (!body.ok) throw new HttpError(413, 'The body is larger than 64 kB');
  const text = body.text.trim();
  if (text === '') return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (!isRecord(parsed)) throw new HttpError(400, 'The body must be a JSON object');
    return parsed;
  } catch (err) {
    if (err instanceof HttpError) throw err;
    throw new HttpError(400, 'The body is not valid JSON');
  }
}

const JSON_TYPE = 'application/json; charset=utf-8';

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', JSON_TYPE);
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}
