/**
 * main/electron/index.ts with a stand-in 'electron' module: a failing start shows an error dialog (the user has no
 * window and would otherwise see nothing) before exiting.
 */
import { expect, it, vi } from 'vitest';

const fakes = vi.hoisted(() => ({
  showErrorBox: vi.fn(),
  exit: vi.fn(),
  logError: vi.fn(),
}));

vi.mock('electron', () => ({
  app: {
    setPath: vi.fn(),
    requestSingleInstanceLock: () => true,
    setAsDefaultProtocolClient: vi.fn(() => true),
    whenReady: () => Promise.reject(new Error('The GPU process could not start.')),
    on: vi.fn(),
    exit: fakes.exit,
    quit: vi.fn(),
  },
  dialog: { showErrorBox: fakes.showErrorBox },
  protocol: { registerSchemesAsPrivileged: vi.fn() },
  BrowserWindow: { getAllWindows: () => [] },
  ipcMain: {},
  session: {},
  net: {},
  shell: {},
  desktopCapturer: {},
}));
vi.mock('electron-log/main', () => ({
  default: {
    error: fakes.logError,
    warn: vi.fn(),
    hooks: [],
    transports: { file: { getFile: () => ({ path: '/home/ada/.config/Licode Desktop/logs/main.log' }) } },
  },
}));

it('shows a dialog saying why the app could not start, then exits with 1', async () => {
  await import('./index');
  await vi.waitFor(() => expect(fakes.exit).toHaveBeenCalledWith(1));
  expect(fakes.showErrorBox).toHaveBeenCalledTimes(1);
  const [title, body] = fakes.showErrorBox.mock.calls[0] as [string, string];
  expect(title).toContain('Licode Desktop could not start');
  expect(body).toContain('The GPU process could not start.');
  expect(body).toContain('/home/ada/.config/Licode Desktop/logs/main.log');
  expect(fakes.showErrorBox.mock.invocationCallOrder[0]).toBeLessThan(fakes.exit.mock.invocationCallOrder[0]!);
});
