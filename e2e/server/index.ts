import { createServer, type Server as HttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  A_RECONNECTION_GRACE_MS,
  C_RECONNECTION_GRACE_MS,
  DEFAULT_ICE_SERVERS,
  DEFAULT_ROOM_NAME,
  DEFAULT_SUPERSERVICE_KEY,
  FALLBACK_ROLES,
  SHIPPED_ROLES,
} from './config';
import { createAdminHandler } from './admin/admin-server';
import { createMediaPlane } from './media/index';
import type { MediaPlane } from './media/types';
import { createBasicServerHandler } from './rest/basic-server';
import { BotParticipants } from './rooms/bot-participants';
import { RoomRegistry } from './rooms/room-registry';
import { StreamIdGenerator } from './rooms/stream-ids';
import type { ControllerContext, DialectController } from './signalling/context';
import { AController } from './signalling/dialect-a/a-controller';
import { CController } from './signalling/dialect-c/c-controller';
import { FaultRegistry } from './signalling/faults';
import { TokenService, type TokenFailure } from './tokens/token-service';

export type Dialect = 'A' | 'C';

export interface TestServerOptions {
  dialect: Dialect;
  /** Dialect A version: 'v4' (default: socket.io 2, bare token, no clientId) | 'v5' (clientId, `reconnected`, 10 s grace) | 'v6' (token {token, singlePC}, acks with erizoId). */
  aVersion?: 'v4' | 'v5' | 'v6';
  /** Dialect C: Licode's allowSinglePC (default false, Licode's shipped default). */
  allowSinglePC?: boolean;
  /** Ports on 127.0.0.1; 0 or omitted = ephemeral. */
  controllerPort?: number;
  restPort?: number;
  adminPort?: number;
  /** Synthetic participants publishing a moving pattern + tone, in room "basicExampleRoom" (or botsRoom). */
  bots?: number;
  botsRoom?: string;
  superserviceKey?: string;
  /** Reconnection grace override for tests (ms): defaults 10 000 (A v5/v6) and 30 000 (C). */
  reconnectionGraceMs?: number;
  log?: (line: string) => void;
  /** Extension: the role table — Licode's shipped `licode_default.js` roles (default) or the code's fallback. */
  roles?: 'shipped' | 'fallback';
  /** Extension: `iceServers` handed to clients (default `[]`: never make a client contact a public STUN server). */
  iceServers?: readonly object[];
  /** Extension: dialect C sends a subscription's offer before the subscribe ack (§8 18, 24a). Also an admin call. */
  offerBeforeAck?: boolean;
  /** Extension for pure-signalling tests: a media plane to use instead of the werift one. */
  mediaPlane?: () => MediaPlane;
  /** Extension for tests: dialect C `quality_level` check / increase intervals (default HEAD's 5 s / 30 s, §5.5). */
  qualityLevelTiming?: { checkMs: number; increaseMs: number };
}

export interface RunningTestServer {
  readonly dialect: Dialect;
  readonly restUrl: string;
  readonly controllerHost: string;
  readonly adminUrl: string;
  addBot(room: string, name?: string): Promise<number>;
  close(): Promise<void>;
}

/** One life of the server between restarts (not a protocol generation): all state, sockets and media. */
interface ServerLife {
  tokens: TokenService;
  rooms: RoomRegistry;
  media: MediaPlane;
  controller: DialectController;
  bots: BotParticipants;
  refuseCreates: number;
}

/** The running server; `restart()` drops every socket and all state and comes back on the same ports. */
export class TestServer implements RunningTestServer {
  readonly dialect: Dialect;
  readonly faults = new FaultRegistry();
  private life!: ServerLife;
  private controllerHttp!: HttpServer;
  private restHttp!: HttpServer;
  private adminHttp!: HttpServer;
  private controllerPort: number;
  private restPort: number;
  private closed = false;

  constructor(private readonly options: TestServerOptions) {
    if (options.dialect !== 'A' && options.dialect !== 'C') throw new Error(`Unknown dialect "${String(options.dialect)}" (use "a" or "c")`);
    this.dialect = options.dialect;
    this.controllerPort = options.controllerPort ?? 0;
    this.restPort = options.restPort ?? 0;
    this.faults.offerBeforeAck = options.offerBeforeAck ?? false;
  }

  get controllerHost(): string {
    return `127.0.0.1:${this.controllerPort}`;
  }

  get restUrl(): string {
    return `http://127.0.0.1:${this.restPort}`;
  }

  get adminUrl(): string {
    return `http://127.0.0.1:${(this.adminHttp.address() as AddressInfo).port}`;
  }

  get aVersion(): 'v4' | 'v5' | 'v6' {
    return this.options.aVersion ?? 'v4';
  }

  get current(): ServerLife {
    return this.life;
  }

  async start(): Promise<void> {
    this.adminHttp = createServer(createAdminHandler(this));
    await listen(this.adminHttp, this.options.adminPort ?? 0);
    await this.startLife();
    const bots = this.options.bots ?? 0;
    for (let i = 0; i < bots; i += 1) await this.addBot(this.options.botsRoom ?? DEFAULT_ROOM_NAME);
  }

  private async startLife(): Promise<void> {
    const log = this.options.log ?? (() => undefined);
    const tokens = new TokenService(this.options.superserviceKey ?? DEFAULT_SUPERSERVICE_KEY);
    const rooms = new RoomRegistry();
    // basicServer creates its default room at start-up.
    rooms.createNuveRoom(DEFAULT_ROOM_NAME, { basicExampleRoom: true });
    const media = this.options.mediaPlane ? this.options.mediaPlane() : createMediaPlane();
    const ids = new StreamIdGenerator();
    const ctx: ControllerContext = {
      tokens,
      rooms,
      roles: this.options.roles === 'fallback' ? FALLBACK_ROLES : SHIPPED_ROLES,
      media,
      faults: this.faults,
      ids,
      iceServers: this.options.iceServers ?? DEFAULT_ICE_SERVERS,
      reconnectionGraceMs: this.options.reconnectionGraceMs ?? (this.dialect === 'A' ? A_RECONNECTION_GRACE_MS : C_RECONNECTION_GRACE_MS),
      log,
    };
    this.controllerHttp = createServer(notFound);
    const controller =
      this.dialect === 'A'
        ? new AController(this.controllerHttp, ctx, { version: this.aVersion, allowSinglePC: this.options.allowSinglePC ?? false })
        : new CController(this.controllerHttp, ctx, {
            allowSinglePC: this.options.allowSinglePC ?? false,
            ...(this.options.qualityLevelTiming ? { qualityLevelTiming: this.options.qualityLevelTiming } : {}),
          });
    await listen(this.controllerHttp, this.controllerPort);
    this.controllerPort = (this.controllerHttp.address() as AddressInfo).port;
    const life: ServerLife = {
      tokens,
      rooms,
      media,
      controller,
      // Bots negotiate the room's codecs (the plane does not transcode): PCMU in A v4 rooms, Opus from v5 on.
      bots: new BotParticipants(
        rooms,
        media,
        ids,
        this.dialect === 'C' || this.aVersion === 'v6',
        this.dialect === 'A' && this.aVersion === 'v4' ? 'a' : 'c',
        // A bot whose media died is removed from its room as an ErizoJS loss would be, then published again.
        (streamId) => controller.killStream(streamId),
        log,
      ),
      refuseCreates: 0,
    };
    this.restHttp = createServer(
      createBasicServerHandler({
        tokens,
        rooms,
        controllerHost: this.controllerHost,
        usersOf: (roomId) => [...(rooms.liveRoom(roomId)?.participants.values() ?? [])].map((p) => p.user),
        refuseCreate: () => {
          if (life.refuseCreates <= 0) return false;
          life.refuseCreates -= 1;
          return true;
        },
        log,
      }),
    );
    await listen(this.restHttp, this.restPort);
    this.restPort = (this.restHttp.address() as AddressInfo).port;
    this.life = life;
    log(`[server] dialect ${this.dialect} up: rest ${this.restUrl}, controller ${this.controllerHost}`);
  }

  private async stopLife(): Promise<void> {
    const life = this.life;
    await life.bots.close();
    await life.controller.close();
    await life.media.close().catch(() => undefined);
    await Promise.all([stop(this.controllerHttp), stop(this.restHttp)]);
  }

  /** Fault injection: everything drops, all state is lost, the server comes back on the same ports. */
  async restart(): Promise<void> {
    await this.stopLife();
    await this.startLife();
  }

  addBot(room: string, name?: string): Promise<number> {
    return this.life.bots.add(room, name);
  }

  async killStream(streamId: number): Promise<boolean> {
    const killed = await this.life.controller.killStream(streamId);
    if (killed) await this.life.bots.stop(streamId);
    return killed;
  }

  refuseTokens(count: number, reason: TokenFailure | 'createToken'): void {
    if (reason === 'createToken') this.life.refuseCreates += count;
    else this.life.tokens.refuseNext(count, reason);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.stopLife();
    await stop(this.adminHttp);
  }
}

export async function startTestServer(options: TestServerOptions): Promise<RunningTestServer> {
  const server = new TestServer(options);
  try {
    await server.start();
  } catch (err) {
    await server.close().catch(() => undefined);
    throw err;
  }
  return server;
}

function listen(server: HttpServer, port: number): Promise<void> {
  // Keep idle keep-alive connections longer than clients do (undici: 4 s), so a request never races the server's close.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function stop(server: HttpServer): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function notFound(_req: IncomingMessage, res: ServerResponse): void {
  res.statusCode = 404;
  res.end();
}
