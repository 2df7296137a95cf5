import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEFAULT_ROOM_NAME } from '../config';
import type { RoomRegistry } from '../rooms/room-registry';
import type { TokenService } from '../tokens/token-service';
import { readLimitedBody, replyAndClose } from '../http/request-body';

/** What the REST layer needs from the running server. */
export interface BasicServerDeps {
  tokens: TokenService;
  rooms: RoomRegistry;
  /** The ErizoController's `host:port`, written into every token. */
  controllerHost: string;
  /** Users of a live room for getUsers (empty when nobody joined). */
  usersOf(roomId: string): { name: string; role: string; permissions: Record<string, unknown> }[];
  /** Fault injection: refuse token creation (→ 401 "No Erizo Controller found"). */
  refuseCreate(): boolean;
  log(line: string): void;
}

/**
 * Licode's `extras/basic_example/basicServer.js` (an Express app) in front of an in-process Nuve
 * (docs/licode-protocol.md §6.1–§6.3). Express matches routes case-insensitively and with or without the trailing
 * slash. As in basicServer, its CORS middleware is registered after the routes, so only requests no route
 * answers (OPTIONS preflights, unknown paths) carry the CORS headers.
 */
export function createBasicServerHandler(deps: BasicServerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(deps, req, res).catch((err: unknown) => {
      deps.log(`[rest] ${String(err)}`);
      if (!res.headersSent) send(res, 500, 'Internal Server Error');
    });
  };
}

async function handle(deps: BasicServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const path = url.pathname.toLowerCase().replace(/\/+$/, '');
  const method = req.method ?? 'GET';

  if (method === 'POST' && path === '/createtoken') {
    const body = await readBody(req);
    if (!body.ok) {
      if (body.status === 413) replyAndClose(res, 413, body.message, 'text/html; charset=utf-8');
      else send(res, body.status, body.message);
      return;
    }
    createToken(deps, body.value, res);
    return;
  }
  if ((method === 'GET' || method === 'HEAD') && path === '/getrooms') {
    send(res, 200, JSON.stringify(deps.rooms.listNuveRooms()), 'text/html; charset=utf-8');
    return;
  }
  const users = /^\/getusers\/([^/]+)$/.exec(path);
  if ((method === 'GET' || method === 'HEAD') && users) {
    const roomId = decodeURIComponent(url.pathname.replace(/\/+$/, '').split('/').pop() ?? '');
    if (!deps.rooms.nuveRoom(roomId)) {
      send(res, 404, 'Room does not exist');
      return;
    }
    send(res, 200, JSON.stringify(deps.usersOf(roomId)), 'text/html; charset=utf-8');
    return;
  }
  // basicServer's trailing CORS middleware.
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Allow-Methods', 'POST, GET, OPTIONS, DELETE');
  res.setHeader('Access-Control-Allow-Headers', 'origin, content-type');
  if (method === 'OPTIONS') {
    send(res, 200, 'OK');
    return;
  }
  send(res, 404, `Cannot ${method} ${url.pathname}`, 'text/html; charset=utf-8');
}

function createToken(deps: BasicServerDeps, body: Record<string, unknown>, res: ServerResponse): void {
  const username = asText(body.username);
  const role = asText(body.role);
  const roomName = asText(body.room) || DEFAULT_ROOM_NAME;
  const type = asText(body.type) || undefined;
  const roomId = asText(body.roomId) || undefined;
  const mediaConfiguration = asText(body.mediaConfiguration) || undefined;
  // Nuve answers 401 "Name and role?" / 404 "Room does not exist" / 404 "No Erizo Controller found";
  // basicServer turns every Nuve error into this one reply.
  const refuse = () => send(res, 401, 'No Erizo Controller found');
  const room = roomId !== undefined ? deps.rooms.nuveRoom(roomId) : deps.rooms.getOrCreateBasicRoom(roomName, type, mediaConfiguration);
  if (!room || !username || !role || deps.refuseCreate()) {
    refuse();
    return;
  }
  const token = deps.tokens.issue({
    userName: nuveUserName(username),
    role,
    roomId: room._id,
    mediaConfiguration: room.mediaConfiguration ?? 'default',
    secure: false,
    host: deps.controllerHost,
    ...(room.p2p ? { p2p: true as const } : {}),
  });
  send(res, 200, token, 'text/plain; charset=utf-8');
}

/** The Nuve JS client lower-cases user names and strips accents before signing (`N.API.js formatString`). */
export function nuveUserName(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
}

/** Form and JSON values become text the way they would travel in Nuve's MAuth header. */
function asText(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return '';
}

type Body = { ok: true; value: Record<string, unknown> } | { ok: false; status: number; message: string };

/** Bodies are capped at 64 kB (body-parser's default is 100 kB; a token request is a few hundred bytes). */
async function readBody(req: IncomingMessage): Promise<Body> {
  const body = await readLimitedBody(req);
  if (!body.ok) return { ok: false, status: 413, message: 'request entity too large' };
  const text = body.text;
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (type.includes('application/json')) {
    if (text.trim() === '') return { ok: true, value: {} };
    try {
      const parsed: unknown = JSON.parse(text);
      // body-parser's strict mode: only objects and arrays.
      if (typeof parsed !== 'object' || parsed === null) return { ok: false, status: 400, message: 'Bad Request: JSON body must be an object' };
      return { ok: true, value: Array.isArray(parsed) ? {} : (parsed as Record<string, unknown>) };
    } catch {
      return { ok: false, status: 400, message: 'Bad Request: invalid JSON body' };
    }
  }
  if (type.includes('application/x-www-form-urlencoded')) {
    const value: Record<string, unknown> = Object.create(null);
    for (const [k, v] of new URLSearchParams(text)) value[k] = v;
    return { ok: true, value };
  }
  return { ok: true, value: {} };
}

function send(res: ServerResponse, status: number, body: string, type = 'text/html; charset=utf-8'): void {
  res.statusCode = status;
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}
