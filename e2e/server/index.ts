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
import { guardListeners, loopbackPolicy, type RequestPolicy } from './http/loopback-guard';
import { createBasicServerHandler } from './rest/basic-server';
import { BotParticipants } from './rooms/bot-participants';
import { RoomRegistry } from './rooms/room-registry';
import { StreamIdGenerator } from './rooms/stream-ids';
import type { ControllerContext, DialectController } from './signalling/context';
import { AController, type AVersion } from './signalling/dialect-a/a-controller';
import { BController } from './signalling/dialect-b/b-controller';
import { bGeneration, type BVersion } from './signalling/dialect-b/b-generations';
import { CController } from './signalling/dialect-c/c-controller';
import { cGeneration, type CVersion } from './signalling/dialect-c/c-generations';
import { FaultRegistry } from './signalling/faults';
import { RecordingLog } from './signalling/recordings';
import { TokenService, type TokenFailure } from './tokens/token-service';

export type Dialect = 'A' | 'B' | 'C';

export interface TestServerOptions {
  dialect: Dialect;
  /**
   * Dialect A version: 'v3' (socket.io 0.9, otherwise as v4) | 'v4' (default: socket.io 2, bare token, no clientId) |
   * 'v5' (clientId, `reconnected`, 10 s grace) | 'v6' (token {token, singlePC}, acks with erizoId).
   */
  aVersion?: AVersion;
  /**
   * Dialect B version: 'v7' (the client offers for subscriptions, no `quality_level`, no ack for a data-only
   * unpublish) | 'v8' (default: the server offers when the subscribe options say `offerFromErizo: true`).
   */
  bVersion?: BVersion;
  /**
   * Dialect C version: 'v9' (C1: socket.io 2, Plan B SDP, server offers only with `offerFromErizo`, no
   * `connectionTargetBw`) | 'v10' (C2: socket.io 2, Unified Plan) | 'head' (default, C3: socket.io 4).
   */
  cVersion?: CVersion;
  /** Dialect A v6 and C: Licode's allowSinglePC (default false, Licode's shipped default; refused for B and C v9). */
  allowSinglePC?: boolean;
  /** Ports on 127.0.0.1; 0 or omitted = ephemeral. */
  controllerPort?: number;
  restPort?: number;
  adminPort?: number;
  /** The fault-injection admin API (default on; the demo room of `npm start` turns it off). Off: `adminUrl` throws. */
  admin?: boolean;
  /**
   * Host names accepted besides 127.0.0.1, localhost and [::1] in `Host` headers and page origins (e.g. a name in
   * /etc/hosts for 127.0.0.1). Every other Host or Origin is refused with 403 (http/loopback-guard.ts).
   */
  allowedHosts?: readonly string[];
  /** Synthetic participants publishing a moving pattern + tone, in room "basicExampleRoom" (or botsRoom). */
  bots?: number;
  botsRoom?: string;
  superserviceKey?: string;
  /** Reconnection grace override for tests (ms): defaults 10 000 (A v5/v6, B) and 30 000 (C). */
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
  recordings: RecordingLog;
  controller: DialectController;
  bots: BotParticipants;
  refuseCreates: number;
  controllerHttp: HttpServer;
  restHttp: HttpServer;
}

/** The running server; `restart()` drops every socket and all state and comes back on the same ports. */
export class TestServer implements RunningTestServer {
  readonly dialect: Dialect;
  readonly faults = new FaultRegistry();
  /** Undefined before start and after a restart that could not bring the listeners back. */
  private life: ServerLife | undefined;
  private adminHttp: HttpServer | undefined;
  private controllerPort: number;
  private restPort: number;
  private closed = false;
  private readonly policy: RequestPolicy;

  constructor(private readonly options: TestServerOptions) {
    if (options.dialect !== 'A' && options.dialect !== 'B' && options.dialect !== 'C') {
      throw new Error(`Unknown dialect "${String(options.dialect)}" (use "a", "b" or "c")`);
    }
    this.dialect = options.dialect;
    this.controllerPort = options.controllerPort ?? 0;
    this.restPort = options.restPort ?? 0;
    if (options.cVersion === 'v9' && options.allowSinglePC) {
      throw new Error('Single PC is not emulated for Licode v9 (its Plan B single PC carries several streams per section)');
    }
    if (options.dialect === 'B' && options.allowSinglePC) {
      throw new Error('Single PC is not emulated for Licode v7/v8 (their Plan B single PC carries several streams per section)');
    }
    this.faults.offerBeforeAck = options.offerBeforeAck ?? false;
    this.policy = loopbackPolicy(options.allowedHosts);
  }

  get controllerHost(): string {
    return `127.0.0.1:${this.controllerPort}`;
  }

  get restUrl(): string {
    return `http://127.0.0.1:${this.restPort}`;
  }

  get adminUrl(): string {
    if (!this.adminHttp) throw new Error('This test server runs without its admin API (started with admin: false)');
    return `http://127.0.0.1:${(this.adminHttp.address() as AddressInfo).port}`;
  }

  get aVersion(): AVersion {
    return this.options.aVersion ?? 'v4';
  }

  get bVersion(): BVersion {
    return this.options.bVersion ?? 'v8';
  }

  get current(): ServerLife {
    if (!this.life) throw new Error('The test server is not running (its listeners could not be started again)');
    return this.life;
  }

  /** On failure, whatever was started is still open: `startTestServer` closes it. */
  async start(): Promise<void> {
    if (this.options.admin !== false) {
      this.adminHttp = createServer(createAdminHandler(this));
      await listen(this.adminHttp, this.options.adminPort ?? 0, this.policy);
    }
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
    const recordings = new RecordingLog();
    const ctx: ControllerContext = {
      tokens,
      rooms,
      roles: this.options.roles === 'fallback' ? FALLBACK_ROLES : SHIPPED_ROLES,
      media,
      faults: this.faults,
      ids,
      recordings,
      iceServers: this.options.iceServers ?? DEFAULT_ICE_SERVERS,
      reconnectionGraceMs: this.options.reconnectionGraceMs ?? (this.dialect === 'C' ? C_RECONNECTION_GRACE_MS : A_RECONNECTION_GRACE_MS),
      log,
    };
    const controllerHttp = createServer(notFound);
    const controller = this.createController(controllerHttp, ctx);
    const life: ServerLife = {
      tokens,
      rooms,
      media,
      recordings,
      controller,
      // Bots negotiate the room's codecs (the plane does not transcode): PCMU in A v4 rooms, Opus from v5 on.
      bots: new BotParticipants(
        rooms,
        media,
        ids,
        this.dialect !== 'A' || this.aVersion === 'v6',
        this.dialect === 'A' && (this.aVersion === 'v3' || this.aVersion === 'v4') ? 'a' : 'c',
        // A bot whose media died is removed from its room as an ErizoJS loss would be, then published again.
        (streamId) => controller.killStream(streamId),
        log,
      ),
      refuseCreates: 0,
      controllerHttp,
      restHttp: createServer(),
    };
    try {
      await listen(controllerHttp, this.controllerPort, this.policy);
      this.controllerPort = (controllerHttp.address() as AddressInfo).port;
      // Tokens name the controller's port, known only now.
      life.restHttp.on(
        'request',
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
      await listen(life.restHttp, this.restPort, this.policy);
      this.restPort = (life.restHttp.address() as AddressInfo).port;
    } catch (error) {
      // A half-started life (e.g. the REST port is taken) leaves nothing listening behind.
      await stopLife(life);
      throw error;
    }
    this.life = life;
    log(`[server] dialect ${this.dialect} up: rest ${this.restUrl}, controller ${this.controllerHost}`);
  }

  private createController(http: HttpServer, ctx: ControllerContext): DialectController {
    switch (this.dialect) {
      case 'A':
        return new AController(http, ctx, { version: this.aVersion, allowSinglePC: this.options.allowSinglePC ?? false });
      case 'B':
        return new BController(http, ctx, { generation: bGeneration(this.bVersion) });
      case 'C':
        return new CController(http, ctx, {
          generation: cGeneration(this.options.cVersion ?? 'head'),
          allowSinglePC: this.options.allowSinglePC ?? false,
          ...(this.options.qualityLevelTiming ? { qualityLevelTiming: this.options.qualityLevelTiming } : {}),
        });
    }
  }

  /** Fault injection: everything drops, all state is lost, the server comes back on the same ports. */
  async restart(): Promise<void> {
    const life = this.current;
    this.life = undefined;
    await stopLife(life);
    await this.startLife();
  }

  addBot(room: string, name?: string): Promise<number> {
    return this.current.bots.add(room, name);
  }

  async killStream(streamId: number): Promise<boolean> {
    const killed = await this.current.controller.killStream(streamId);
    if (killed) await this.current.bots.stop(streamId);
    return killed;
  }

  refuseTokens(count: number, reason: TokenFailure | 'createToken'): void {
    if (reason === 'createToken') this.current.refuseCreates += count;
    else this.current.tokens.refuseNext(count, reason);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const life = this.life;
    this.life = undefined;
    if (life) await stopLife(life);
    if (this.adminHttp) await stop(this.adminHttp);
  }
}

async function stopLife(life: ServerLife): Promise<void> {
  await life.bots.close();
  await life.controller.close();
  await life.media.close().catch(() => undefined);
  await Promise.all([stop(life.controllerHttp), stop(life.restHttp)]);
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

/** Every listener goes through here: its request and upgrade listeners are all attached by now, so all are guarded. */
function listen(server: HttpServer, port: number, policy: RequestPolicy): Promise<void> {
  guardListeners(server, policy);
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
