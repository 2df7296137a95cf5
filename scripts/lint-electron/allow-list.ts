import type { AllowEntry } from './review';

/**
 * Reviewed electronegativity findings that are not vulnerabilities in this app. Each entry names the
 * check, the file and text on the reported line, and why it is safe. Anything else fails `npm run lint:electron`.
 */
export const ALLOW_LIST: AllowEntry[] = [
  {
    rule: 'AUXCLICK_JS_CHECK',
    file: 'main/electron/window.ts',
    lineContains: 'new BrowserWindow(',
    reason:
      'Middle-click (auxclick) on a link becomes a new-window request, and setWindowOpenHandler denies every one ' +
      '(only validated https links go to the system browser); electron-glue.test.ts asserts the deny.',
  },
  {
    rule: 'PRELOAD_JS_CHECK',
    file: 'main/electron/window.ts',
    lineContains: 'preload: preloadPath',
    reason:
      "The preload runs sandboxed with contextIsolation and exposes one bridge that only forwards the contract's " +
      'channel names (no ipcRenderer, no Node objects); main re-validates the sender frame and every argument.',
  },
  {
    rule: 'OPEN_EXTERNAL_JS_CHECK',
    file: 'main/electron/window.ts',
    lineContains: 'isSafeExternalUrl(url)',
    reason:
      'openExternal is reached only after isSafeExternalUrl: https URLs with a host and no credentials ' +
      '(no file:, smb:, javascript: or custom schemes); policies.test.ts covers the rejects.',
  },
  {
    rule: 'PROTOCOL_HANDLER_JS_CHECK',
    file: 'main/electron/meeting-links.ts',
    lineContains: 'app.setAsDefaultProtocolClient(LINK_SCHEME, proc.execPath',
    reason:
      'Registers licode-desktop:// (development run). A link is only data: it goes through parseMeetingLink ' +
      '(main/links/meeting-link.ts: one action, three known keys, app schemas, no credentials/fragments/encoded ' +
      'separators; meeting-link.test.ts) and the page asks before adding an unknown server; nothing joins silently.',
  },
  {
    rule: 'PROTOCOL_HANDLER_JS_CHECK',
    file: 'main/electron/meeting-links.ts',
    lineContains: ': app.setAsDefaultProtocolClient(LINK_SCHEME)',
    reason: 'The same registration for the installed app; the same strict parser and confirmation apply.',
  },
  {
    rule: 'CSP_GLOBAL_CHECK',
    file: 'renderer/index.html',
    lineContains: 'Content-Security-Policy',
    // "seems to be" = only "maybe" remarks; a definite weakness ("...are vulnerable") is not covered.
    message: 'One or more CSP directives detected seems to be vulnerable',
    reason:
      "The evaluator's remarks are \"script-src 'self' can be problematic if you host JSONP, Angular or user " +
      'uploads": app://licode serves only our own built files from out/renderer, none of which applies; and that ' +
      "'wasm-unsafe-eval' \"seems to be an invalid CSP keyword\": the evaluator predates CSP3's keyword, which lets our " +
      'own WebAssembly (background blur) compile and allows no JavaScript eval (csp.test.ts asserts these are its only remarks).',
  },
  {
    rule: 'CERTIFICATE_ERROR_EVENT_JS_CHECK',
    file: 'main/electron/certificates.ts',
    lineContains: "app.on('certificate-error'",
    reason:
      'The handler overrides Chromium only for ERR_CERT_AUTHORITY_INVALID on the serverUrl host:port of a profile ' +
      'where the user ticked "allow a self-signed certificate", or on the controller named in a token main fetched ' +
      'from that server; everything else is rejected (certificate-trust.test.ts, certificates.test.ts).',
  },
  {
    rule: 'AUXCLICK_JS_CHECK',
    file: 'main/electron/sharing-bar-window.ts',
    lineContains: 'new BrowserWindow(',
    reason:
      "The sharing bar's page has no links, and its setWindowOpenHandler denies every new-window request " + '(sharing-bar-window.test.ts asserts the deny).',
  },
  {
    rule: 'PRELOAD_JS_CHECK',
    file: 'main/electron/sharing-bar-window.ts',
    lineContains: 'preload: preloadPath',
    reason:
      "The sharing bar's preload runs sandboxed with contextIsolation and exposes only control(pause|resume|stop) and " +
      "its state (preload/sharing-bar.test.ts); main accepts that channel only from the bar's own window and checks " +
      'the action (main/ipc/sharing-bar-ipc.test.ts).',
  },
];
