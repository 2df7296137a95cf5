/**
 * The meeting-link glue with a stand-in for Electron's app (an EventEmitter): registration as the protocol client,
 * the cold-start link in argv, a second launch's link and macOS open-url all reach the pending link and the window.
 */
import { EventEmitter } from 'node:events';
import type { BrowserWindow } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import type { MeetingLink } from '../../common/api-contract';
import { PendingMeetingLink } from '../links/pending-link';
import { installMeetingLinks, type LinkApp, type ProcessInfo } from './meeting-links';

const LINK = 'licode-desktop://join?server=Office&room=standup';
const PARSED: MeetingLink = { server: { kind: 'profile', ref: 'Office' }, room: 'standup' };
const INSTALLED: ProcessInfo = { argv: ['/opt/Licode Desktop/licode-desktop'], defaultApp: false, execPath: '/opt/Licode Desktop/licode-desktop' };

function setUp(proc: ProcessInfo = INSTALLED, registers = true) {
  const emitter = new EventEmitter();
  const app = Object.assign(emitter, { setAsDefaultProtocolClient: vi.fn(() => registers) }) as unknown as LinkApp & EventEmitter;
  const announced: MeetingLink[] = [];
  const links = new PendingMeetingLink({ announce: (link) => announced.push(link), announceRefusal: () => {}, warn: () => {} });
  const win = { isMinimized: vi.fn(() => true), restore: vi.fn(), focus: vi.fn() };
  const warn = vi.fn();
  installMeetingLinks(app, links, () => win as unknown as BrowserWindow, proc, { warn });
  return { app, links, announced, win, warn };
}

describe('meeting links in Electron', () => {
  it('registers the installed app for licode-desktop://, and a development run with its app path', () => {
    expect(setUp().app.setAsDefaultProtocolClient).toHaveBeenCalledWith('licode-desktop');
    const dev = setUp({ argv: ['/x/electron', '/opt/licode-app', '--flag'], defaultApp: true, execPath: '/x/electron' });
    expect(dev.app.setAsDefaultProtocolClient).toHaveBeenCalledWith('licode-desktop', '/x/electron', ['/opt/licode-app']);
  });

  it('logs when the OS refuses the registration', () => {
    expect(setUp(INSTALLED, false).warn).toHaveBeenCalledWith('Could not register Licode Desktop as the handler of licode-desktop:// links');
  });

  it('keeps the link of a cold start (argv) for the page that loads later', () => {
    const { links } = setUp({ ...INSTALLED, argv: [...INSTALLED.argv, LINK] });
    expect(links.take()).toEqual(PARSED);
  });

  it("takes a second launch's link and brings the window forward", () => {
    const { app, announced, win } = setUp();
    app.emit('second-instance', {}, ['/opt/Licode Desktop/licode-desktop', '--no-sandbox', LINK], '/home/ada');
    expect(announced).toEqual([PARSED]);
    expect(win.restore).toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalled();
  });

  it('a second launch without a link only brings the window forward', () => {
    const { app, announced, win } = setUp();
    app.emit('second-instance', {}, ['/opt/Licode Desktop/licode-desktop'], '/home/ada');
    expect(announced).toEqual([]);
    expect(win.focus).toHaveBeenCalled();
  });

  it('handles macOS open-url itself (preventDefault) and refuses a hostile link', () => {
    const { app, announced, links } = setUp();
    const event = { preventDefault: vi.fn() };
    app.emit('open-url', event, LINK);
    expect(event.preventDefault).toHaveBeenCalled();
    app.emit('open-url', { preventDefault: vi.fn() }, 'licode-desktop://join?server=Office&room=r#x');
    expect(announced).toEqual([PARSED]);
    expect(links.take()).toEqual(PARSED);
  });
});
