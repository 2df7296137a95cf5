/**
 * Tells main when the person is not in a call (call:state), so updates may run, the display may sleep and closing
 * does not ask. While the call screen is shown, the call itself reports (with its mute state, for the tray).
 */
import { app } from '../../state/app.svelte';

export function reportCallState(): void {
  $effect.root(() => {
    $effect(() => {
      if (app.route.name === 'call') return;
      app.host.call('call:state', { inCall: false, muted: false }).catch((error: unknown) => console.warn('Could not tell the host about the call', error));
    });
  });
}
