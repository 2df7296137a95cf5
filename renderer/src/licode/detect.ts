import { LicodeError } from './errors';
import { isSocketIo09 } from './socketio-09/probe';
import type { LicodeToken } from './token';

/** The socket.io generations we speak (§1.4). */
export type DetectedGeneration =
  | { dialect: 'C'; socketIo: 4 } // C3: Licode pre-v11.2 … HEAD
  | { dialect: 'C'; socketIo: 2 } // C1/C2: Licode v9 … pre-v11.1
  | { dialect: 'A'; socketIo: 2 } // A1–A3 (and B): Licode v4 … v8
  | { dialect: 'A'; socketIo: 0.9 }; // A0: Licode v3 and older

/** The bits of the WebSocket API the probe uses (browser WebSocket, or `ws` in Node). */
export interface ProbeSocket {
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  send(data: string): void;
  close(): void;
}
export type ProbeSocketFactory = (url: string) => ProbeSocket;

export const browserProbeSocketFactory: ProbeSocketFactory = (url) => new WebSocket(url) as unknown as ProbeSocket;

export interface DetectOptions {
  socketFactory?: ProbeSocketFactory;
  timeoutMs?: number;
  /** For the socket.io 0.9 handshake probe (default: the global fetch). */
  fetch?: typeof fetch;
}

/**
 * Find out which generation a server speaks WITHOUT presenting the token (tokens are single-use, §1.4, §6.3).
 * First the socket.io 0.9 handshake: `GET /socket.io/1/?t=<ms>` answering `sid:…:…:websocket` is Licode v3 or older
 * (A0; socket.io ≥ 1 servers answer something else, §8 #24n). Otherwise open a raw Engine.IO 4 WebSocket with no
 * token fields and watch what the server says.
 *  - OPEN with `maxPayload`, silence, and after our CONNECT `40` a CONNECT_ERROR → socket.io 4 → C3;
 *  - OPEN without `maxPayload`, then `44"token: …"` at once → socket.io 2 with the token middleware → C1/C2;
 *  - OPEN without `maxPayload`, then `40` at once → socket.io 2 without handshake auth → A (or B).
 */
export async function detectGeneration(token: LicodeToken, options: DetectOptions = {}): Promise<DetectedGeneration> {
  if (await isSocketIo09(token, options.fetch ?? globalThis.fetch.bind(globalThis), options.timeoutMs ?? 5_000)) return { dialect: 'A', socketIo: 0.9 };
  return probeEngineIo(token, options);
}

function probeEngineIo(token: LicodeToken, options: DetectOptions): Promise<DetectedGeneration> {
  const factory = options.socketFactory ?? browserProbeSocketFactory;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const url = `${token.secure ? 'wss' : 'ws'}://${token.host}/socket.io/?EIO=4&transport=websocket`;
  return new Promise((resolve, reject) => {
    let socket: ProbeSocket;
    let settled = false;
    let eio4: boolean | null = null;
    const finish = (result: DetectedGeneration | LicodeError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      try {
        socket.close();
      } catch {
        /* already closed */
      }
      if (result instanceof LicodeError) reject(result);
      else resolve(result);
    };
    const timer = setTimeout(
      () =>
        finish(
          new LicodeError(
            'unsupported-server',
            `The server at ${token.host} did not answer like a Licode server (no socket.io handshake within ${timeoutMs / 1000} s).`,
          ),
        ),
      timeoutMs,
    );
    try {
      socket = factory(url);
    } catch (err) {
      clearTimeout(timer);
      reject(new LicodeError('connection-lost', `Could not open a WebSocket to ${token.host}: ${String(err)}`));
      return;
    }
    socket.onerror = () => finish(new LicodeError('connection-lost', `Could not reach the Licode server at ${token.host}.`));
    socket.onclose = () =>
      finish(
        new LicodeError('unsupported-server', `The server at ${token.host} closed the connection during detection without answering like a Licode server.`),
      );
    socket.onmessage = (ev) => {
      const text = typeof ev.data === 'string' ? ev.data : String(ev.data);
      if (text.startsWith('0')) {
        let open: Record<string, unknown> = {};
        try {
          open = JSON.parse(text.slice(1)) as Record<string, unknown>;
        } catch {
          /* handled below as "not socket.io" */
        }
        eio4 = typeof open['maxPayload'] === 'number';
        if (eio4) socket.send('40'); // socket.io 4 waits for the client's CONNECT
        return;
      }
      if (eio4 === null) return;
      if (text.startsWith('44')) return finish(eio4 ? { dialect: 'C', socketIo: 4 } : { dialect: 'C', socketIo: 2 });
      if (text.startsWith('40')) {
        if (eio4) return finish(new LicodeError('unsupported-server', `The server at ${token.host} is a socket.io 4 server without Licode's token check.`));
        return finish({ dialect: 'A', socketIo: 2 });
      }
      // pings ("2") and anything else: keep waiting
    };
  });
}
