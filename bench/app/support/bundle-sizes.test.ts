import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LIBRARY_VARIANTS, libraryModules, librarySize } from './bundle-sizes';

const C_ONLY = LIBRARY_VARIANTS['dialect C on socket.io 4 only']!;
const ALL = LIBRARY_VARIANTS['all transports (A on socket.io 0.9 and 2, B on socket.io 2, C on socket.io 2 and 4)']!;
const named = (modules: string[], pattern: RegExp): string[] => modules.filter((id) => pattern.test(id.replaceAll('\\', '/')));

describe('the Licode library bundle', () => {
  // Vitest sets NODE_ENV=test, under which Vite resolves dependencies' development builds (socket.io-parser with
  // `debug`); the app ships a production build, and the bench measures one.
  beforeAll(() => vi.stubEnv('NODE_ENV', 'production'));
  afterAll(() => vi.unstubAllEnvs());

  it('with dialect C only carries no dialect A or B connection code, and stays within 40 KB gzip (issue 17)', async () => {
    const modules = await libraryModules(C_ONLY);
    expect(named(modules, /licode\/connection-c\.ts$/)).toHaveLength(1);
    expect(named(modules, /licode\/connection-[ab]\.ts$/)).toEqual([]);
    expect((await librarySize(C_ONLY)).gzip).toBeLessThanOrEqual(40 * 1024);
  });

  it('ships engine.io-client, both generations, with its WebSocket transport only', async () => {
    const modules = await libraryModules(ALL);
    expect(named(modules, /engine\.io-client\/(build\/esm|lib)\/transports\/websocket\.js$/)).toHaveLength(2);
    expect(named(modules, /engine\.io-client\/.*\/(polling[\w.-]*|webtransport|has-cors|xmlhttprequest[\w.]*)\.js$/)).toEqual([]);
  });
});
