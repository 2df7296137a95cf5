/**
 * Kiosk or not: asked once at start (kiosk:config). A kiosk mounts the room display instead of the app's screens;
 * its code loads only then, so the normal app's first bundle stays as small as before.
 */
import { mount } from 'svelte';
import { createHostApi } from '../../platform/api';
import { detectBridge } from '../../platform/bridge';
import { app } from '../../state/app.svelte';

export async function startKioskIfConfigured(target: HTMLElement): Promise<boolean> {
  const bridge = detectBridge();
  if (!bridge) return false;
  // A host that does not know the channel (or fails to answer it) is no kiosk: the app starts as usual.
  const config = await createHostApi(bridge)
    .call('kiosk:config')
    .catch(() => ({ mode: 'off' as const }));
  if (config.mode === 'off') return false;
  await app.start();
  const { default: KioskApp } = await import('./KioskApp.svelte');
  mount(KioskApp, { target, props: { config } });
  return true;
}
