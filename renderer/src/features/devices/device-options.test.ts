import { describe, expect, it } from 'vitest';
import { en, type MessageKey, type Messages } from '../../i18n/en';
import { zhCN } from '../../i18n/zh-CN';
import { deviceKindName, deviceName, deviceSelectOptions, type Translate } from './device-options';

/** The app's own catalogues, filled in the way i18n.svelte.ts fills them. */
const translator =
  (messages: Messages): Translate =>
  (key: MessageKey, params: Record<string, string | number> = {}) =>
    messages[key].replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
const english = translator(en);
const chinese = translator(zhCN);

const usb = { deviceId: 'cam-usb', label: 'USB camera' };
const hidden = { deviceId: 'cam-2', label: '' };

describe('deviceSelectOptions', () => {
  it("lists the devices by the browser's label, in the browser's order", () => {
    expect(deviceSelectOptions('camera', [usb, { deviceId: 'cam-hd', label: 'HD camera' }], 'cam-usb', english)).toEqual([
      { value: 'cam-usb', label: 'USB camera' },
      { value: 'cam-hd', label: 'HD camera' },
    ]);
  });

  it('names a device whose label the browser hides by its kind and place, in the current language', () => {
    expect(deviceSelectOptions('camera', [usb, hidden], 'cam-usb', english)[1]).toEqual({ value: 'cam-2', label: 'Camera 2' });
    expect(deviceSelectOptions('microphone', [{ deviceId: 'mic-1', label: '' }], null, chinese)).toEqual([{ value: 'mic-1', label: '麦克风 1' }]);
    expect(deviceSelectOptions('speaker', [{ deviceId: 'spk-1', label: '' }], null, english)[1]).toEqual({ value: 'spk-1', label: 'Speaker 1' });
  });

  it('is one "None found" entry for an empty camera or microphone list, holding the selected id so the select shows it', () => {
    expect(deviceSelectOptions('camera', [], null, english)).toEqual([{ value: '', label: 'None found' }]);
    expect(deviceSelectOptions('microphone', [], 'mic-remembered', chinese)).toEqual([{ value: 'mic-remembered', label: '未找到' }]);
    // Pre-join keeps its own words for it.
    expect(deviceSelectOptions('camera', [], 'cam-1', english, 'prejoin.noDevices')).toEqual([{ value: 'cam-1', label: 'No device found' }]);
  });

  it('starts the speakers with the system default (value ""), also when none is listed', () => {
    expect(deviceSelectOptions('speaker', [{ deviceId: 'spk-1', label: 'Headphones' }], null, english)).toEqual([
      { value: '', label: 'System default' },
      { value: 'spk-1', label: 'Headphones' },
    ]);
    expect(deviceSelectOptions('speaker', [], null, chinese)).toEqual([{ value: '', label: '系统默认' }]);
  });

  it('keeps a selected device that vanished (unplugged) as "Unavailable device" instead of showing a blank select', () => {
    expect(deviceSelectOptions('camera', [usb], 'cam-unplugged', english)).toEqual([
      { value: 'cam-usb', label: 'USB camera' },
      { value: 'cam-unplugged', label: 'Unavailable device' },
    ]);
    expect(deviceSelectOptions('speaker', [], 'spk-unplugged', chinese)).toEqual([
      { value: '', label: '系统默认' },
      { value: 'spk-unplugged', label: '不可用的设备' },
    ]);
  });

  it('gives every option its own value (the select is keyed by it)', () => {
    for (const kind of ['camera', 'microphone', 'speaker'] as const) {
      for (const selected of [null, '', 'cam-usb', 'gone']) {
        const values = deviceSelectOptions(kind, [usb, hidden], selected, english).map((o) => o.value);
        expect(new Set(values).size, `${kind} ${selected}`).toBe(values.length);
      }
    }
  });
});

describe('deviceName and deviceKindName', () => {
  it('name a device the way its select does (used for the "switched to" announcements)', () => {
    expect(deviceName('camera', usb, 0, english)).toBe('USB camera');
    expect(deviceName('camera', hidden, 1, english)).toBe('Camera 2');
    expect(deviceKindName('speaker', english)).toBe('Speaker');
    expect(deviceKindName('camera', chinese)).toBe('摄像头');
  });
});
