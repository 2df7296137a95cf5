import { describe, expect, it } from 'vitest';
import { captureCapabilities, pickerSources, type CaptureSource } from './source-picker';

const source = (id: string, name: string, extra: Partial<CaptureSource> = {}): CaptureSource => ({
  id,
  name,
  displayId: '',
  thumbnail: `data:image/png;base64,${id}`,
  appIcon: null,
  ...extra,
});

describe('pickerSources', () => {
  it('lists screens first in display order, then windows alphabetically, without our own windows', () => {
    const listed = pickerSources(
      [
        source('window:30:0', 'zsh — ~/src'),
        source('screen:1:0', 'Screen 2', { displayId: '200' }),
        source('window:10:0', 'Licode Desktop'),
        source('window:20:0', 'Éditeur de texte'),
        source('screen:0:0', 'Screen 1', { displayId: '100' }),
        source('window:40:0', 'browser'),
      ],
      new Set(['window:10:0']),
    );
    expect(listed.map((s) => [s.kind, s.name])).toEqual([
      ['screen', 'Screen 1'],
      ['screen', 'Screen 2'],
      ['window', 'browser'],
      ['window', 'Éditeur de texte'],
      ['window', 'zsh — ~/src'],
    ]);
  });

  it('keeps missing thumbnails as null and names unnamed sources', () => {
    const listed = pickerSources([
      source('screen:0:0', '', { thumbnail: null }),
      source('screen:1:0', '  '),
      source('window:5:0', '', { thumbnail: null, appIcon: 'data:x' }),
    ]);
    expect(listed).toEqual([
      { id: 'screen:0:0', kind: 'screen', name: 'Screen 1', thumbnail: null, appIcon: null },
      { id: 'screen:1:0', kind: 'screen', name: 'Screen 2', thumbnail: 'data:image/png;base64,screen:1:0', appIcon: null },
      { id: 'window:5:0', kind: 'window', name: 'Window', thumbnail: null, appIcon: 'data:x' },
    ]);
  });

  it('cleans window titles chosen by other programs: no bidi overrides or controls, bounded length', () => {
    const [spoof, long] = pickerSources([source('window:1:0', 'Invoice \u202Efdp.exe\u0000\n'), source('window:2:0', `x${'y'.repeat(500)}`)]);
    expect(spoof?.name).toBe('Invoice fdp.exe');
    expect([...(long?.name ?? '')]).toHaveLength(120);
  });
});

describe('captureCapabilities', () => {
  it('uses the system portal alone on Linux Wayland, our picker elsewhere', () => {
    expect(captureCapabilities({ platform: 'linux', osRelease: '6.1.0', env: { XDG_SESSION_TYPE: 'wayland' } }).picker).toBe('system');
    expect(captureCapabilities({ platform: 'linux', osRelease: '6.1.0', env: { WAYLAND_DISPLAY: 'wayland-0' } }).picker).toBe('system');
    expect(captureCapabilities({ platform: 'linux', osRelease: '6.1.0', env: { XDG_SESSION_TYPE: 'x11' } }).picker).toBe('in-app');
    expect(captureCapabilities({ platform: 'win32', osRelease: '10.0.22631', env: { WAYLAND_DISPLAY: 'x' } }).picker).toBe('in-app');
  });

  it('offers computer sound on Windows and macOS 13+ only', () => {
    const audio = (platform: string, osRelease: string) => captureCapabilities({ platform, osRelease, env: {} }).loopbackAudio;
    expect(audio('win32', '10.0.19045')).toBe(true);
    expect(audio('darwin', '22.1.0')).toBe(true); // macOS 13
    expect(audio('darwin', '24.0.0')).toBe(true);
    expect(audio('darwin', '21.6.0')).toBe(false); // macOS 12
    expect(audio('linux', '6.1.0')).toBe(false);
  });
});
