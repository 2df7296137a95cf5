// The Electron fuses of a release build (https://www.electronjs.org/docs/latest/tutorial/fuses), flipped in the
// packaged binary by after-pack.mjs. Each closes a way to run other code than the signed app archive.
import { FuseV1Options, FuseVersion } from '@electron/fuses';

export const RELEASE_FUSES = Object.freeze({
  version: FuseVersion.V1,
  // ELECTRON_RUN_AS_NODE would turn the signed binary into a general-purpose Node.
  [FuseV1Options.RunAsNode]: false,
  // NODE_OPTIONS / NODE_EXTRA_CA_CERTS could inject code or trust anchors from the environment.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  // --inspect and SIGUSR1 would open a debugger into main.
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // Only resources/app.asar, never a loose resources/app folder someone dropped next to it.
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  // The archive must match the hash electron-builder embeds (macOS, Windows).
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  // Cookies on disk encrypted with the OS keychain, as in Chrome.
  [FuseV1Options.EnableCookieEncryption]: true,
});
