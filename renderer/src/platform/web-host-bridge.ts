import type { ApiResult, Channel, EventName, LicodeDesktopBridge } from '../../../common/api-contract';

/** Must match SECRET_META in main/web-host/web-host.ts. */
const SECRET_META = 'licode-web-host-secret';

export function readWebHostSecret(doc: Document): string | null {
  return doc.querySelector<HTMLMetaElement>(`meta[name="${SECRET_META}"]`)?.content || null;
}

export function createWebHostBridge(secret: string): LicodeDesktopBridge {
  let events: EventSource | null = null;
  return {
    host: 'web',
    async invoke(channel: Channel, args: unknown) {
      try {
        const response = await fetch(`./__api/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-licode-secret': secret },
          body: JSON.stringify({ args }),
        });
        return (await response.json()) as ApiResult<never>;
      } catch {
        return { ok: false, error: { code: 'internal', message: 'The Licode Desktop web host stopped answering. Is "npm run web" still running?' } };
      }
    },
    on(event: EventName, listener: (payload: never) => void) {
      events ??= new EventSource(`./__events?secret=${encodeURIComponent(secret)}`);
      const handler = (message: MessageEvent<string>) => listener(JSON.parse(message.data) as never);
      events.addEventListener(event, handler);
      return () => events?.removeEventListener(event, handler);
    },
  } as LicodeDesktopBridge;
}
