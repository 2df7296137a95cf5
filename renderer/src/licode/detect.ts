import { LicodeError } from './errors';
import { isSocketIo09 } from './socketio-09/probe';
import type { LicodeToken } from './token';

/** The socket.io generations we speak (§1.4). */
export type DetectedGeneration =
  | { dialect: 'C'; socketIo: 4 } // C3: Licode pre-v11.2 … HEAD
  | { dialect: 'C'; socketIo: 2 } // C1/C2: Licode v9 … pre-v11.1
  | { dialect: 'A'; socketIo: 2 } // A1–A3, and B as long as nothing told it apart (§1.4): Licode v4 … v8
  | { dialect: 'B'; socketIo: 2 } // B: Licode v7–v8, known once a publish/subscribe ack showed B's connectionId (§4.1)
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
 * Find out which generation a server speaks WITHOUT presenting the token (tokens are single-use, §1.4, §6.3):
 * open a raw Engine.IO 4 WebSocket with no token fields and watch what the server says.
 *  - OPEN with `maxPayload`, silence, and after our CONNECT `40` a CONNECT_ERROR → socket.io 4 → C3;
 *  - OPEN without `maxPayload`, then `44"token: …"` at once → socket.io 2 with the token middleware → C1/C2;
 *  - OPEN without `maxPayload`, then `40` at once → socket.io 2 without handshake auth → A (or B: the probe cannot
 *    tell them apart, and neither can the join reply; the room learns B from its first publish/subscribe ack);
 *  - the upgrade dropped or refused → ask the socket.io 0.9 handshake (`GET /socket.io/1/?t=<ms>` answering
 *    `sid:…:…:websocket`) → A0, Licode v3 and older, which drops Engine.IO upgrades without a word (§8 #24n).
 * §1.4 asks the 0.9 handshake first; we ask it last because a page reads a cross-origin answer only with CORS
 * headers, which socket.io 0.9 sends and socket.io ≥ 1 servers do not — asking every server would print a CORS
 * error in the console for every current Licode.
 */
export async function detectGeneration(token: LicodeToken, options: DetectOptions = {}): Promise<DetectedGeneration> {
  const probed = await probeEngineIo(token, options);
  if (!('error' in probed)) return probed;
  if (probed.dropped && (await isSocketIo09(token, options.fetch ?? globalThis.fetch.bind(globalThis), options.timeoutMs ?? 5_000))) {
    return { dialect: 'A', socketIo: 0.9 };
  }
  throw probed.error;
}

/** The Engine.IO probe's generation, or why it failed (`dropped`: the upgrade was refused or cut unanswered). */
function probeEngineIo(token: LicodeToken, options: DetectOptions): Promise<DetectedGeneration | { error: LicodeError; dropped: boolean }> {
  const factory = options.socketFactory ?? browserProbeSocketFactory;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const url = `${token.secure ? 'wss' : 'ws'}://${token.host}/socket.io/?EIO=4&transport=websocket`;
  return new Promise((resolve) => {
    let socket: ProbeSocket;
    let settled = false;
    let eio4: boolean | null = null;
    const finish = (result: DetectedGeneration | LicodeError, dropped = false): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      try {
        socket.close();
      } catch {
        /* already closed */
      }
      resolve(result instanceof LicodeError ? { error: result, dropped } : result);
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
      resolve({ error: new LicodeError('connection-lost', `Could not open a WebSocket to ${token.host}: ${String(err)}`), dropped: false });
      return;
    }
    socket.onerror = () => finish(new LicodeError('connection-lost', `Could not reach the Licode server at ${token.host}.`), eio4 === null);
    socket.onclose = () =>
      finish(
        new LicodeError('unsupported-server', `The server at ${token.host} closed the connection during detection without answering like a Licode server.`),
        eio4 === null,
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
