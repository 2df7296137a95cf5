/**
 * Electron glue of the tray icon (main/desktop/tray-menu.ts): its tooltip and menu follow the call state and the
 * language, and the tooltip counts unread chat; Mute/Unmute and Leave call go to the page as the tray:action event, Show
 * brings the window forward.
 */
import { Menu, Tray } from 'electron';
import type { Language, TrayAction } from '../../common/api-contract';
import type { CallState } from '../calls/call-state';
import type { CallNotifications } from '../desktop/call-notifications';
import { trayMenu } from '../desktop/tray-menu';

export interface CallTrayDeps {
  iconPath: string;
  callState: CallState;
  /** Chat that arrived while the window was in the background. */
  unread: Pick<CallNotifications, 'unread' | 'onUnreadChange'>;
  language: () => Language;
  sendAction(action: TrayAction): void;
  showWindow(): void;
}

export function createCallTray({ iconPath, callState, unread, language, sendAction, showWindow }: CallTrayDeps): Tray {
  const tray = new Tray(iconPath);
  const render = () => {
    const menu = trayMenu(callState.get(), language(), unread.unread);
    tray.setToolTip(menu.tooltip);
    tray.setContextMenu(
      Menu.buildFromTemplate(
        menu.items.map((item) => ({
          label: item.label,
          enabled: item.enabled,
          click: () => (item.id === 'show' ? showWindow() : sendAction(item.id)),
        })),
      ),
    );
  };
  // This listener also keeps the tray reachable, so it is not garbage-collected while the app runs.
  callState.onChange(render);
  unread.onUnreadChange(render);
  tray.on('click', showWindow);
  render();
  return tray;
}
