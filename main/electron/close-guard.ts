/**
 * Electron glue of the close confirmation (main/desktop/close-confirmation.ts): closing the window or quitting during
 * a call asks first with a native dialog; "Stay in the call" (the default, and Escape) cancels. Once the person chose
 * to leave, the rest of that quit (windows closing) is not asked again.
 */
import type { App, BrowserWindow, Dialog } from 'electron';
import type { Language } from '../../common/api-contract';
import type { CallState } from '../calls/call-state';
import { closeQuestion, type CloseKind } from '../desktop/close-confirmation';

export class CloseGuard {
  #leaving = false;

  constructor(
    private readonly dialog: Pick<Dialog, 'showMessageBoxSync'>,
    private readonly callState: CallState,
    private readonly language: () => Language,
  ) {}

  /** Once, for the app: quitting (menu, Cmd+Q, the tray) during a call asks first. */
  guardQuit(app: Pick<App, 'on'>, parent: () => BrowserWindow | null): void {
    app.on('before-quit', (event) => {
      if (!this.#mayLeave('quit', parent())) event.preventDefault();
    });
  }

  /** For each main window: its close button during a call asks first. */
  guardWindow(win: BrowserWindow): void {
    win.on('close', (event) => {
      if (!this.#mayLeave('close-window', win)) event.preventDefault();
    });
  }

  #mayLeave(kind: CloseKind, parent: BrowserWindow | null): boolean {
    const question = closeQuestion(kind, this.callState.get().inCall, this.language());
    if (!question || this.#leaving) return true;
    const options = {
      type: 'question' as const,
      title: question.title,
      message: question.message,
      detail: question.detail,
      buttons: question.buttons,
      defaultId: question.stayButton,
      cancelId: question.stayButton,
      noLink: true,
    };
    const answer = parent ? this.dialog.showMessageBoxSync(parent, options) : this.dialog.showMessageBoxSync(options);
    this.#leaving = answer === question.leaveButton;
    return this.#leaving;
  }
}
