import { desktopCapturer, type Session } from 'electron';

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
