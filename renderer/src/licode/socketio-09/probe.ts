import { controllerUrl, type LicodeToken } from '../token';
import { parseHandshake } from './frames';

/** A socket.io 0.9 handshake is about 40 characters; a longer answer is something else (a web page, say). */
const MAX_PROBE_CHARS = 1_024;

/**
 * §1.4 step 1: does the controller answer the socket.io 0.9 handshake with a WebSocket transport? Spends a sid the
 * server forgets after its close timeout, never the token. Any failure — refused, CORS, timeout, another answer —
 * means "no", and detection goes on to the Engine.IO probe, which reports unreachable servers properly.
 */
export async function isSocketIo09(token: LicodeToken, fetchFn: typeof fetch, timeoutMs: number): Promise<boolean> {
  const url = `${controllerUrl(token).replace(/^ws/, 'http')}/socket.io/1/?t=${Date.now()}`;
  try {
    const response = await fetchFn(url, { signal: AbortSignal.timeout(timeoutMs), cache: 'no-store' });
    if (!response.ok) {
      await response.body?.cancel();
      return false;
    }
    const body = await response.text();
    return body.length <= MAX_PROBE_CHARS && parseHandshake(body)?.transports.includes('websocket') === true;
  } catch {
    return false;
  }
}
