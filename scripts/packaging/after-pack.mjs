// electron-builder's afterPack hook (electron-builder.yml): flips the release fuses in the packaged binary. It runs
// before electron-builder signs the app, which is the order fuses need (changing the binary breaks a signature).
import { RELEASE_FUSES } from './fuses.mjs';

/** @param {import('electron-builder').AfterPackContext} context */
export async function afterPack(context) {
  await context.packager.addElectronFuses(context, RELEASE_FUSES);
}
