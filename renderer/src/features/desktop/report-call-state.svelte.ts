/**
 * Tells main whether the person is in a call (call:state), so updates wait, the display stays awake and closing asks
 * first. In a call = the call screen is shown. The mute state is not known outside the call feature yet, so it is
 * reported as unmuted (main uses it only for the tray's label).
 */
import { app } from '../../state/app.svelte';

export function reportCallState(): void {
  $effect.root(() => {
    $effect(() => {
      const inCall = app.route.name === 'call';
      app.host.call('call:state', { inCall, muted: false }).catch((error: unknown) => console.warn('Could not tell the host about the call', error));
    });
  });
}
