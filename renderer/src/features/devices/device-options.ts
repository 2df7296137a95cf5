/**
 * The entries of a camera, microphone or speaker select: one definition for pre-join, the call's Devices panel and
 * Settings, so the three always offer the same choices under the same names.
 */
import type { MessageKey } from '../../i18n/i18n.svelte';
import type { DeviceChoice, DeviceKind } from './device-list';

/** What a device select chooses: an input (camera, microphone) or where sound plays. */
export type SelectableDeviceKind = DeviceKind | 'speaker';

export interface DeviceOption {
  /** The device id; '' is the speaker's "system default" (or the lone entry of an empty list). */
  value: string;
  label: string;
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const KIND_NAMES: Record<SelectableDeviceKind, MessageKey> = {
  camera: 'devices.camera',
  microphone: 'devices.microphone',
  speaker: 'devices.speaker',
};

/** "Camera", "Microphone" or "Speaker" in the current language: the select's label. */
export function deviceKindName(kind: SelectableDeviceKind, translate: Translate): string {
  return translate(KIND_NAMES[kind]);
}

/** A device's name: the browser's label, else "Camera 2" for the second camera while the browser hides labels. */
export function deviceName(kind: SelectableDeviceKind, device: DeviceChoice, index: number, translate: Translate): string {
  return device.label || translate('devices.unnamed', { kind: deviceKindName(kind, translate), index: index + 1 });
}

/**
 * The options for one kind, in the browser's order. The speaker list starts with "System default" (value ''); an
 * empty camera or microphone list is one entry saying so (`emptyKey`), holding the selected id so the select shows it
 * rather than nothing. A selected device missing from the list (unplugged, or not listed yet) gets an "Unavailable
 * device" entry: a select whose value matches no option would otherwise show a blank.
 */
export function deviceSelectOptions(
  kind: SelectableDeviceKind,
  devices: readonly DeviceChoice[],
  selectedId: string | null,
  translate: Translate,
  emptyKey: MessageKey = 'devices.none',
): DeviceOption[] {
  const listed = devices.map((d, i) => ({ value: d.deviceId, label: deviceName(kind, d, i, translate) }));
  const options = kind === 'speaker' ? [{ value: '', label: translate('devices.systemDefault') }, ...listed] : listed;
  if (options.length === 0) return [{ value: selectedId ?? '', label: translate(emptyKey) }];
  if (selectedId && !options.some((o) => o.value === selectedId)) options.push({ value: selectedId, label: translate('devices.unavailable') });
  return options;
}
