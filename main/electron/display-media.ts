import { desktopCapturer, type Session } from 'electron';
import type { ScreenSource } from '../../common/api-contract';

export async function electronScreenSources(): Promise<ScreenSource[]> {
  const sources = await desktopCapturer.getSources({ types: ['screen', 'window'], thumbnailSize: { width: 320, height: 180 } });
  return sources.map((source) => ({
    id: source.id,
    name: source.name,
    kind: source.id.startsWith('screen:') ? 'screen' : 'window',
    thumbnail: source.thumbnail.isEmpty() ? null : source.thumbnail.toDataURL(),
  }));
}

/** getDisplayMedia in the renderer: offer the OS picker where there is one, else the first screen. */
export function installDisplayMediaHandler(session: Session): void {
  session.setDisplayMediaRequestHandler(
    (_request, callback) => {
      void desktopCapturer.getSources({ types: ['screen'] }).then((sources) => {
        const first = sources[0];
        callback(first ? { video: first } : {});
      });
    },
    { useSystemPicker: true },
  );
}
