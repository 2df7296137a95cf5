import { describe, expect, it } from 'vitest';
import { deviceConstraints, listDevices } from './device-list';

const device = (kind: MediaDeviceKind, deviceId: string, label = '') => ({ kind, deviceId, label });

describe('listDevices', () => {
  it('sorts the devices by kind in the browser order', () => {
    const lists = listDevices([
      device('audioinput', 'mic-1', 'Headset'),
      device('videoinput', 'cam-1', 'Built-in'),
      device('audiooutput', 'spk-1', 'Speakers'),
      device('videoinput', 'cam-2', 'USB camera'),
    ]);
    expect(lists).toEqual({
      cameras: [
        { deviceId: 'cam-1', label: 'Built-in' },
        { deviceId: 'cam-2', label: 'USB camera' },
      ],
      microphones: [{ deviceId: 'mic-1', label: 'Headset' }],
      speakers: [{ deviceId: 'spk-1', label: 'Speakers' }],
    });
  });

  it('leaves out entries without an id, the "communications" alias and the "default" speaker', () => {
    const lists = listDevices([
      device('videoinput', ''),
      device('audioinput', ''),
      device('audioinput', 'communications', 'Communications - Headset'),
      device('audioinput', 'default', 'Default - Headset'),
      device('audiooutput', 'default', 'Default - Speakers'),
      device('audiooutput', 'communications', 'Communications - Speakers'),
      device('audiooutput', 'spk-1', 'Speakers'),
    ]);
    expect(lists.cameras).toEqual([]);
    // The "default" microphone is a real choice (it follows the system); only speakers get their own default entry.
    expect(lists.microphones).toEqual([{ deviceId: 'default', label: 'Default - Headset' }]);
    expect(lists.speakers).toEqual([{ deviceId: 'spk-1', label: 'Speakers' }]);
  });

  it('keeps an empty label for the UI to name (labels are hidden before access is granted)', () => {
    expect(listDevices([device('videoinput', 'cam-1')]).cameras).toEqual([{ deviceId: 'cam-1', label: '' }]);
  });
});

describe('deviceConstraints', () => {
  it('asks for exactly the chosen camera in HD', () => {
    expect(deviceConstraints('camera', 'cam-1')).toEqual({ video: { deviceId: { exact: 'cam-1' }, width: { ideal: 1280 }, height: { ideal: 720 } } });
  });

  it("asks for the chosen microphone with the browser's speech processing by default", () => {
    expect(deviceConstraints('microphone', 'mic-1')).toEqual({
      audio: { deviceId: { exact: 'mic-1' }, echoCancellation: true, noiseSuppression: true, autoGainControl: true },
    });
  });

  it("asks for the processing chosen in Settings; with RNNoise the browser's noise suppression is off", () => {
    const rnnoise = deviceConstraints('microphone', null, { echoCancellation: false, noiseSuppression: 'rnnoise', autoGainControl: true });
    expect(rnnoise.audio).toMatchObject({ echoCancellation: false, noiseSuppression: false, autoGainControl: true });
    const off = deviceConstraints('microphone', null, { echoCancellation: true, noiseSuppression: 'off', autoGainControl: false });
    expect(off.audio).toMatchObject({ echoCancellation: true, noiseSuppression: false, autoGainControl: false });
  });

  it('leaves the device to the system when none was chosen, and asks for nothing of the other kind', () => {
    const camera = deviceConstraints('camera', null);
    const microphone = deviceConstraints('microphone', null);
    expect(camera.video).toMatchObject({ deviceId: undefined });
    expect(camera.audio).toBeUndefined();
    expect(microphone.audio).toMatchObject({ deviceId: undefined });
    expect(microphone.video).toBeUndefined();
  });
});
