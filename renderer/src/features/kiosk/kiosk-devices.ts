/**
 * The kiosk's devices, chosen by the label patterns of its configuration (common/kiosk/device-patterns.ts) from what
 * the browser lists: at start, and again on every `devicechange`, so a preferred camera or speakerphone that was
 * unplugged and comes back is taken again (the default device stands in meanwhile).
 */
import { chooseDevice, parseLabelPattern, type LabelPattern } from '../../../../common/kiosk/device-patterns';

export interface KioskDevicePatterns {
  camera: string | null;
  microphone: string | null;
  speaker: string | null;
}

export interface KioskDeviceStatus {
  label: string;
  /** false: the pattern matched nothing and the default device is used meanwhile. */
  matched: boolean;
}

export interface KioskDevices {
  cameraId: string | null;
  microphoneId: string | null;
  speakerId: string | null;
  status: { camera: KioskDeviceStatus | null; microphone: KioskDeviceStatus | null; speaker: KioskDeviceStatus | null };
}

type ListedDevice = Pick<MediaDeviceInfo, 'kind' | 'deviceId' | 'label'>;

function pattern(source: string | null): LabelPattern | undefined {
  if (source === null) return undefined;
  const parsed = parseLabelPattern(source);
  // Main validated the patterns already; one that still fails is treated as none rather than stopping the room.
  return parsed.ok ? parsed.pattern : undefined;
}

function pick(devices: readonly ListedDevice[], kind: MediaDeviceKind, source: string | null) {
  const choice = chooseDevice(
    devices.filter((device) => device.kind === kind && device.deviceId !== ''),
    pattern(source),
  );
  if (choice.kind === 'none') return { id: null, status: null };
  return { id: choice.device.deviceId, status: { label: choice.device.label, matched: choice.kind !== 'fallback' } };
}

export function chooseKioskDevices(devices: readonly ListedDevice[], patterns: KioskDevicePatterns): KioskDevices {
  const camera = pick(devices, 'videoinput', patterns.camera);
  const microphone = pick(devices, 'audioinput', patterns.microphone);
  const speaker = pick(devices, 'audiooutput', patterns.speaker);
  return {
    cameraId: camera.id,
    microphoneId: microphone.id,
    // The system default output needs no id (and "default" is not a settable sink on every platform).
    speakerId: speaker.id === 'default' ? null : speaker.id,
    status: { camera: camera.status, microphone: microphone.status, speaker: speaker.status },
  };
}

/**
 * Lists the devices with their labels: browsers hide labels until a page has used a device, so the kiosk opens
 * (and closes again) camera and microphone once when the list comes back unlabelled.
 */
export async function listLabelledDevices(): Promise<MediaDeviceInfo[]> {
  const listed = await navigator.mediaDevices.enumerateDevices();
  if (listed.some((device) => device.label !== '')) return listed;
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true }).catch(() => null);
  for (const track of stream?.getTracks() ?? []) track.stop();
  return navigator.mediaDevices.enumerateDevices();
}
