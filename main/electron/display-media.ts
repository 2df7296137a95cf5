/**
 * getDisplayMedia in Electron: the capture waits for the person's choice in our picker (ScreenShareService), and gets
 * exactly that source — never "the first screen". On Linux Wayland the desktop portal is the only dialog.
 */
import { release } from 'node:os';
import { desktopCapturer, type DesktopCapturerSource, type Session } from 'electron';
import { ScreenShareService, type PickRequest } from '../display-media/screen-share-service';
import type { SharedSource } from '../display-media/sharing-bar-controller';
import { captureCapabilities, type CaptureSource } from '../display-media/source-picker';

const THUMBNAIL_SIZE = { width: 320, height: 180 };

function toCaptureSource(source: DesktopCapturerSource): CaptureSource {
  return {
    id: source.id,
    name: source.name,
    displayId: source.display_id,
    thumbnail: source.thumbnail.isEmpty() ? null : source.thumbnail.toDataURL(),
    appIcon: source.appIcon && !source.appIcon.isEmpty() ? source.appIcon.toDataURL() : null,
  };
}

export function createElectronScreenShare(options: { emitPick(pick: PickRequest): void; ownWindowIds(): ReadonlySet<string> }): ScreenShareService {
  return new ScreenShareService({
    captures: 'host',
    capabilities: captureCapabilities({ platform: process.platform, osRelease: release(), env: process.env }),
    // Listed again each time the picker asks, so thumbnails stay live while it is open.
    listSources: async () =>
      (await desktopCapturer.getSources({ types: ['screen', 'window'], thumbnailSize: THUMBNAIL_SIZE, fetchWindowIcons: true })).map(toCaptureSource),
    emitPick: options.emitPick,
    ownWindowIds: options.ownWindowIds,
  });
}

/** `onShared` learns each source handed to a capture (the sharing bar names it and sits on its display). */
export function installDisplayMediaHandler(session: Session, screenShare: ScreenShareService, onShared: (source: SharedSource) => void = () => {}): void {
  if (screenShare.capabilities.picker === 'system') {
    // Wayland: desktopCapturer asks through the portal, whose answer is the one source the person picked there.
    session.setDisplayMediaRequestHandler((_request, callback) => {
      void desktopCapturer
        .getSources({ types: ['screen', 'window'] })
        .then(([picked]) => {
          if (picked) onShared({ name: picked.name, displayId: picked.display_id });
          callback(picked ? { video: picked } : {});
        })
        .catch(() => callback({}));
    });
    return;
  }
  session.setDisplayMediaRequestHandler((_request, callback) => {
    screenShare.onCapture((answer) => {
      if (answer.kind === 'cancelled') return callback({});
      onShared({ name: answer.source.name, displayId: answer.source.displayId });
      const video = { id: answer.source.id, name: answer.source.name };
      callback(answer.choice.shareAudio ? { video, audio: 'loopback' } : { video });
    });
  });
}
