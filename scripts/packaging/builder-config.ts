// Reads electron-builder.yml, the installers' configuration, for the packaging tests.
import { readFileSync } from 'node:fs';
import type { Configuration } from 'electron-builder';
import { parse } from 'yaml';

export const PROJECT_DIR = new URL('../../', import.meta.url).pathname;

export function readBuilderConfig(): Configuration {
  return parse(readFileSync(new URL('electron-builder.yml', `file://${PROJECT_DIR}`), 'utf8')) as Configuration;
}
