import { describe, expect, it } from 'vitest';
import { chooseKioskDevices } from './kiosk-devices';

const listed = (kind: MediaDeviceKind, deviceId: string, label: string) => ({ kind, deviceId, label });

describe('chooseKioskDevices', () => {
  const room = [
    listed('videoinput', 'cam-laptop', 'Integrated Webcam'),
    listed('videoinput', 'cam-ptz', 'Logitech PTZ Pro 2'),
    listed('audioinput', 'default', 'Default - Jabra Speak 710'),
    listed('audioinput', 'mic-jabra', 'Jabra Speak 710'),
    listed('audiooutput', 'default', 'Default - HDMI'),
    listed('audiooutput', 'spk-jabra', 'Jabra Speak 710'),
  ];

  it('takes the devices the patterns name (the concrete device, not the "default" alias)', () => {
    const chosen = chooseKioskDevices(room, { camera: 'ptz', microphone: '/jabra/', speaker: 'jabra' });
    expect(chosen).toMatchObject({ cameraId: 'cam-ptz', microphoneId: 'mic-jabra', speakerId: 'spk-jabra' });
    expect(chosen.status.camera).toEqual({ label: 'Logitech PTZ Pro 2', matched: true });
  });

  it('falls back to the default device, and says so, while the named one is unplugged', () => {
    const unplugged = room.filter((device) => !device.label.includes('PTZ'));
    const chosen = chooseKioskDevices(unplugged, { camera: 'ptz', microphone: null, speaker: null });
    expect(chosen.cameraId).toBe('cam-laptop');
    expect(chosen.status.camera).toEqual({ label: 'Integrated Webcam', matched: false });
    // No pattern: the system default, and the default speaker needs no id.
    expect(chosen.microphoneId).toBe('default');
    expect(chosen.speakerId).toBeNull();
  });

  it('takes the named device again once it is back (hot-plug)', () => {
    const unplugged = room.filter((device) => !device.label.includes('PTZ'));
    expect(chooseKioskDevices(unplugged, { camera: 'ptz', microphone: null, speaker: null }).cameraId).toBe('cam-laptop');
    const replugged = [...unplugged, listed('videoinput', 'cam-ptz-2', 'Logitech PTZ Pro 2')];
    expect(chooseKioskDevices(replugged, { camera: 'ptz', microphone: null, speaker: null }).cameraId).toBe('cam-ptz-2');
  });

  it('reports no device when there is none of a kind', () => {
    const chosen = chooseKioskDevices([], { camera: 'ptz', microphone: null, speaker: null });
    expect(chosen).toEqual({ cameraId: null, microphoneId: null, speakerId: null, status: { camera: null, microphone: null, speaker: null } });
  });
});
