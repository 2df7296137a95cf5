/** Which devices the user can choose from, and how one is asked for: shared by pre-join and the call. */
import { BROWSER_AUDIO_PROCESSING, processingConstraints, type AudioProcessing } from '../audio-processing/audio-constraints';

export type DeviceKind = 'camera' | 'microphone';

export interface DeviceChoice {
  deviceId: string;
  /** The browser's name for it; '' until access was granted (browsers hide labels before that). */
  label: string;
}

export interface DeviceLists {
  cameras: DeviceChoice[];
  microphones: DeviceChoice[];
  speakers: DeviceChoice[];
}

/**
 * The devices worth offering, in the browser's order. Left out: entries without an id (what browsers list before
 * access is granted), Windows' "communications" alias of another device, and the "default" speaker (the UI offers
 * the system default itself).
 */
export function listDevices(devices: readonly Pick<MediaDeviceInfo, 'kind' | 'deviceId' | 'label'>[]): DeviceLists {
  const pick = (kind: MediaDeviceKind) =>
    devices.filter((d) => d.kind === kind && d.deviceId !== '' && d.deviceId !== 'communications').map((d) => ({ deviceId: d.deviceId, label: d.label }));
  return { cameras: pick('videoinput'), microphones: pick('audioinput'), speakers: pick('audiooutput').filter((d) => d.deviceId !== 'default') };
}

/**
 * What getUserMedia is asked for: exactly the chosen device (a missing one fails with a clear "not found" instead of
 * silently opening another), else the system's choice; HD video, and the chosen speech processing on the microphone.
 */
export function deviceConstraints(kind: DeviceKind, deviceId: string | null, processing: AudioProcessing = BROWSER_AUDIO_PROCESSING): MediaStreamConstraints {
  const device = deviceId ? { exact: deviceId } : undefined;
  return kind === 'camera'
    ? { video: { deviceId: device, width: { ideal: 1280 }, height: { ideal: 720 } } }
    : { audio: { deviceId: device, ...processingConstraints(processing) } };
}

/** Whether this runtime can route audio to a chosen output device (HTMLMediaElement.setSinkId). */
export function canSelectSpeaker(): boolean {
  return typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
}
