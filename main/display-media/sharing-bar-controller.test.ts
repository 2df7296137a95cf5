import { describe, expect, it } from 'vitest';
import type { Language } from '../../common/api-contract';
import type { ShareControlAction } from '../../common/screen-share';
import type { SharingBarState } from '../../common/sharing-bar-api';
import type { Rectangle } from './sharing-bar';
import { SharingBarController } from './sharing-bar-controller';

const PRIMARY: Rectangle = { x: 0, y: 25, width: 1920, height: 1055 };
const SECOND: Rectangle = { x: 1920, y: 0, width: 1280, height: 1024 };

/** A stand-in for the Electron glue: records the bar windows it opened and what they were told. */
function setup() {
  const windows: Array<{ bounds: Rectangle; states: SharingBarState[]; closed: boolean; onClosed: () => void }> = [];
  const sent: ShareControlAction[] = [];
  let language: Language = 'en';
  const controller = new SharingBarController({
    open: (bounds, state, onClosed) => {
      const win = { bounds, states: [state], closed: false, onClosed };
      windows.push(win);
      return {
        setState: (next) => void win.states.push(next),
        setBounds: (next) => void (win.bounds = next),
        close: () => void (win.closed = true),
      };
    },
    workArea: (displayId) => (displayId === '200' ? SECOND : PRIMARY),
    language: () => language,
    sendToPage: (action) => void sent.push(action),
  });
  return { controller, windows, sent, setLanguage: (next: Language) => (language = next) };
}

describe('SharingBarController', () => {
  it('opens one bar while the page shares, on the display being shared, naming the source, and closes it on stop', () => {
    const { controller, windows } = setup();
    controller.captured({ name: 'Screen 2', displayId: '200' });
    controller.report({ sharing: true, paused: false });
    expect(windows).toHaveLength(1);
    expect(windows[0]!.bounds).toEqual({ x: 2300, y: 8, width: 520, height: 56 });
    expect(windows[0]!.states).toEqual([{ sourceName: 'Screen 2', paused: false, language: 'en' }]);

    controller.report({ sharing: true, paused: true });
    controller.report({ sharing: true, paused: false });
    expect(windows).toHaveLength(1);
    expect(windows[0]!.states.map((s) => s.paused)).toEqual([false, true, false]);

    controller.report({ sharing: false, paused: false });
    expect(windows[0]!.closed).toBe(true);
    expect(controller.isOpen).toBe(false);
  });

  it('puts the bar on the primary display for a shared window or an unknown source, and cleans the name', () => {
    const { controller, windows } = setup();
    controller.report({ sharing: true, paused: false });
    expect(windows[0]!.bounds).toEqual({ x: 700, y: 33, width: 520, height: 56 });
    expect(windows[0]!.states[0]!.sourceName).toBeNull();
    // Switching to a window: the bar stays where a window share puts it, and says the window's cleaned title.
    controller.captured({ name: 'Slides \u202Efdp.exe', displayId: '' });
    expect(windows).toHaveLength(1);
    expect(windows[0]!.bounds).toEqual({ x: 700, y: 33, width: 520, height: 56 });
    expect(windows[0]!.states.at(-1)!.sourceName).toBe('Slides fdp.exe');
  });

  it('moves with a switch to another screen and follows the language', () => {
    const { controller, windows, setLanguage } = setup();
    controller.captured({ name: 'Screen 1', displayId: '100' });
    controller.report({ sharing: true, paused: false });
    controller.captured({ name: 'Screen 2', displayId: '200' });
    expect(windows[0]!.bounds.x).toBe(2300);
    setLanguage('zh-CN');
    controller.languageChanged();
    expect(windows[0]!.states.at(-1)).toEqual({ sourceName: 'Screen 2', paused: false, language: 'zh-CN' });
  });

  it('forwards the bar buttons to the page only while a share runs', () => {
    const { controller, sent } = setup();
    expect(controller.control('stop')).toBe(false);
    controller.report({ sharing: true, paused: false });
    expect(controller.control('pause')).toBe(true);
    expect(controller.control('stop')).toBe(true);
    controller.report({ sharing: false, paused: false });
    expect(controller.control('resume')).toBe(false);
    expect(sent).toEqual(['pause', 'stop']);
  });

  it('closes the bar when the page goes away, and opens a fresh one for the next share', () => {
    const { controller, windows } = setup();
    controller.captured({ name: 'Screen 2', displayId: '200' });
    controller.report({ sharing: true, paused: true });
    controller.pageGone();
    expect(windows[0]!.closed).toBe(true);
    controller.report({ sharing: true, paused: false });
    expect(windows).toHaveLength(2);
    // The reloaded page's share is a new capture: the old source is forgotten.
    expect(windows[1]!.states[0]).toEqual({ sourceName: null, paused: false, language: 'en' });
  });

  it('opens again after the bar window was closed from outside', () => {
    const { controller, windows } = setup();
    controller.report({ sharing: true, paused: false });
    windows[0]!.onClosed();
    expect(controller.isOpen).toBe(false);
    expect(controller.control('pause')).toBe(false);
    controller.report({ sharing: true, paused: true });
    expect(windows).toHaveLength(2);
  });
});
