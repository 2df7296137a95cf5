import { describe, expect, it } from 'vitest';
import { joinChoicesChanged, type JoinChoices, type SavedJoinChoices } from './join-choices';

const saved: SavedJoinChoices = {
  displayName: 'Ada',
  joinWithCamera: true,
  joinWithMicrophone: false,
  preferredDevices: { cameraId: 'cam-1', microphoneId: 'mic-1' },
};
const same: JoinChoices = {
  displayName: 'Ada',
  joinWithCamera: true,
  joinWithMicrophone: false,
  preferredDevices: { cameraId: 'cam-1', microphoneId: 'mic-1', speakerId: undefined },
};

describe('joinChoicesChanged', () => {
  it('is false for the choices already saved (a missing and an undefined speaker are the same)', () => {
    expect(joinChoicesChanged(saved, same)).toBe(false);
  });

  it('is true when the name, a toggle or any device differs, and before a config is known', () => {
    expect(joinChoicesChanged(saved, { ...same, displayName: 'Grace' })).toBe(true);
    expect(joinChoicesChanged(saved, { ...same, joinWithCamera: false })).toBe(true);
    expect(joinChoicesChanged(saved, { ...same, joinWithMicrophone: true })).toBe(true);
    expect(joinChoicesChanged(saved, { ...same, preferredDevices: { ...same.preferredDevices, cameraId: 'cam-2' } })).toBe(true);
    expect(joinChoicesChanged(saved, { ...same, preferredDevices: { ...same.preferredDevices, speakerId: 'spk-1' } })).toBe(true);
    expect(joinChoicesChanged(null, same)).toBe(true);
  });
});
