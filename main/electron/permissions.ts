import type { Session } from 'electron';
import { isPermissionAllowed } from '../security/policies';
import { APP_ORIGIN } from './app-protocol';

export function installPermissionPolicy(session: Session): void {
  session.setPermissionRequestHandler((webContents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl || webContents.getURL(), APP_ORIGIN));
  });
  session.setPermissionCheckHandler((_webContents, permission, requestingOrigin) => isPermissionAllowed(permission, requestingOrigin, APP_ORIGIN));
}
