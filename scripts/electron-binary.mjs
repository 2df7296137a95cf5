// Locates Electron's binary the way node_modules/electron/index.js does, without throwing when it is absent.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ELECTRON_PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', 'electron');

/** Absolute path of the Electron executable, or null when the binary has not been downloaded. */
export function electronBinaryPath() {
  const pathFile = join(ELECTRON_PACKAGE_DIR, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(ELECTRON_PACKAGE_DIR, 'dist'), readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}
