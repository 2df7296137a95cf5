/** The release fuses, and the afterPack hook that hands exactly them to electron-builder's fuse flipping. */
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import type { AfterPackContext } from 'electron-builder';
import { describe, expect, it, vi } from 'vitest';
import { afterPack } from './after-pack.mjs';
import { RELEASE_FUSES } from './fuses.mjs';

describe('release fuses', () => {
  it('turn off running as Node, NODE_OPTIONS and inspect; load only the verified asar; encrypt cookies', () => {
    expect(RELEASE_FUSES).toEqual({
      version: FuseVersion.V1,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.EnableCookieEncryption]: true,
    });
    expect(Object.isFrozen(RELEASE_FUSES)).toBe(true);
  });

  it('are flipped by the afterPack hook in the packaged binary', async () => {
    const addElectronFuses = vi.fn(async () => 0);
    const context = { appOutDir: '/tmp/app', electronPlatformName: 'linux', packager: { addElectronFuses } } as unknown as AfterPackContext;
    await afterPack(context);
    expect(addElectronFuses).toHaveBeenCalledWith(context, RELEASE_FUSES);
  });
});
