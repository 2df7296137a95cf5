// The import boundaries of eslint.config.js, checked with ESLint itself on small files placed (virtually) in each
// part of the tree: every forbidden import is reported, and the imports each part really needs are not.
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: ROOT });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  it.each([
    ['renderer/src/features/call/x.ts', "import { app } from 'electron';", /Electron APIs live only/],
    ['renderer/src/features/call/x.ts', "import { readFile } from 'node:fs/promises';", /no Node built-ins/],
    ['renderer/src/screens/x.ts', "import { readFile } from 'fs';", /no Node built-ins/],
    ['renderer/src/state/x.ts', "import { ConfigStore } from '../../../main/config/config-store';", /Main-process code/],
    ['renderer/src/platform/x.ts', "import '../../../preload/index';", /belongs to the preload/],
    ['renderer/src/licode/x.ts', "import '../../../preload/index';", /nothing of the preload/],
    ['common/x.ts', "import { ipcRenderer } from 'electron';", /Electron APIs live only/],
    ['common/x.ts', "import { readFile } from 'node:fs/promises';", /no Node built-ins/],
    ['common/x.ts', "import { ConfigStore } from '../main/config/config-store';", /Main-process code/],
    ['common/x.ts', "import { Room } from '../renderer/src/licode';", /separate process/],
    ['common/x.ts', "import { EVENT_PREFIX } from '../preload/index';", /belongs to the preload/],
    ['renderer/src/licode/x.ts', "import { mount } from 'svelte';", /framework-free/],
    ['renderer/src/licode/x.ts', "import Tile from '../features/call/VideoTile.svelte';", /framework-free/],
    ['renderer/src/licode/x.ts', "import { t } from '../i18n/i18n.svelte';", /framework-free/],
    ['renderer/src/licode/x.ts', "import type { AppConfig } from '../../../common/api-contract';", /framework-free/],
    ['renderer/src/licode/x.ts', "import { ipcRenderer } from 'electron';", /Electron APIs live only/],
    ['main/ipc/x.ts', "import { BrowserWindow } from 'electron';", /Electron APIs live only/],
    ['main/web-host/x.ts', "import { startTestServer } from '../../e2e/server/index';", /must not depend on tests/],
    ['main/electron/x.ts', "import { startTestServer } from '../../e2e/server/index';", /must not depend on tests/],
    ['main/token/x.ts', "import { t } from '../../renderer/src/i18n/i18n.svelte';", /separate process/],
    ['preload/x.ts', "import { createHandlers } from '../main/ipc/handlers';", /Main-process code/],
    ['e2e/server/x.ts', "import { app } from 'electron';", /Electron APIs live only/],
  ])('%s: %s is refused', async (file, code, message) => {
    const messages = await restrictedImports(file, code);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(message);
  });

  it.each([
    ['renderer/src/platform/x.ts', "import type { Channel } from '../../../common/api-contract';"],
    ['renderer/src/features/call/x.ts', "import { Room } from '../../licode';\nimport { mount } from 'svelte';"],
    ['renderer/src/licode/x.ts', "import { transform } from 'sdp-transform';\nimport { LicodeError } from './errors';"],
    ['renderer/src/licode/x.ts', "import { decodeLicodeToken } from '../../../common/licode-token';"],
    ['main/electron/x.ts', "import { app } from 'electron';"],
    ['preload/x.ts', "import { contextBridge } from 'electron';\nimport { PRELOAD_GLOBAL } from '../common/ipc-channels';"],
    ['common/x.ts', "import * as v from 'valibot';\nimport type { Channel } from './ipc-channels';"],
    ['main/ipc/x.ts', "import type { AppConfig } from '../../common/api-contract';\nimport { readFile } from 'node:fs/promises';"],
    ['scripts/demo/x.ts', "import { startTestServer } from '../../e2e/server/index';"],
  ])('%s: %s is allowed', async (file, code) => {
    expect(await restrictedImports(file, code)).toEqual([]);
  });
});

describe('import specifiers', () => {
  it('refuses an extension on a relative TypeScript import and accepts none', async () => {
    const lint = async (code: string) =>
      ((await eslint.lintText(code, { filePath: 'renderer/src/licode/x.ts' }))[0]?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-syntax');
    expect(await lint("import { LicodeError } from './errors.js';\nexport { LicodeError };")).toHaveLength(1);
    expect(await lint("export { LicodeError } from './errors.ts';")).toHaveLength(1);
    expect(await lint("import { LicodeError } from './errors';\nexport { LicodeError };")).toEqual([]);
  });
});
