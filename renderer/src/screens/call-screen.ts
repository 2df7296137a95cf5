/**
 * The call screen and everything only it needs (the Licode client library, both socket.io clients, WebRTC code) load
 * on demand, so the first screens start from a small bundle. Pre-join asks for it early, while the person looks at
 * the preview, so joining never waits for the download.
 */
import type Call from './Call.svelte';

type CallScreen = typeof Call;

let loading: Promise<CallScreen> | null = null;

export function loadCallScreen(): Promise<CallScreen> {
  loading ??= import('./Call.svelte').then(
    (module) => module.default,
    (error: unknown) => {
      loading = null; // a failed download may be retried
      throw error;
    },
  );
  return loading;
}
