import { net, protocol } from 'electron';
import { pathToFileURL } from 'node:url';
import { RENDERER_CSP } from '../security/csp';
import { findStaticFile } from '../security/static-file';

/** The renderer is served from app://licode/ so it has a real origin for permission and sender checks. */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = 'app://licode';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } }]);
}

export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const found = url.host === 'licode' ? await findStaticFile(rendererDir, url.pathname === '/' ? '/index.html' : url.pathname) : null;
    // Every answer carries nosniff, errors included, like the web host's.
    if (found?.kind === 'bad-request') return textResponse(400, 'Bad request: the path is not a valid URL path.');
    if (found?.kind !== 'file') return textResponse(404, 'Not found');
    const response = await net.fetch(pathToFileURL(found.path).toString());
    const headers = new Headers(response.headers);
    headers.set('content-security-policy', RENDERER_CSP);
    headers.set('x-content-type-options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}

function textResponse(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' } });
}
