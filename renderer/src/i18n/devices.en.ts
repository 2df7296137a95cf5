/** English words of the camera, microphone and speaker selects (features/devices), merged into en.ts. Keys start with `devices.`. */
export const devicesEn = {
  'devices.camera': 'Camera',
  'devices.microphone': 'Microphone',
  'devices.speaker': 'Speaker',
  'devices.systemDefault': 'System default',
  'devices.none': 'None found',
  'devices.unnamed': '{kind} {index}',
  'devices.unavailable': 'Unavailable device',
};
