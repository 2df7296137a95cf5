/** English messages of the Settings screen (features/settings, features/audio-processing), merged into en.ts. Keys start with `settings.`. */
export const settingsEn = {
  'settings.open': 'Settings',
  'settings.title': 'Settings',
  'settings.back': 'Back',
  'settings.close': 'Close settings',
  'settings.intro': 'Changes apply at once and are kept for your next meetings.',
  'settings.saveFailed': 'This change could not be saved: {reason}',

  'settings.devices': 'Devices',
  'settings.speakerNotSupported': 'This system plays sound on its default output only.',

  'settings.audio': 'Audio processing',
  'settings.echoCancellation': 'Echo cancellation',
  'settings.echoCancellation.hint': 'Keeps others from hearing themselves through your speakers.',
  'settings.noiseSuppression': 'Noise suppression',
  'settings.noiseSuppression.off': 'Off',
  'settings.noiseSuppression.off.hint': 'Your microphone as it is, e.g. for music.',
  'settings.noiseSuppression.browser': 'Standard',
  'settings.noiseSuppression.browser.hint': 'The browser’s own suppression of steady noise.',
  'settings.noiseSuppression.rnnoise': 'Strong (RNNoise)',
  'settings.noiseSuppression.rnnoise.hint': 'A neural network removes fans, typing and street noise; uses a little more processor time.',
  'settings.noiseSuppression.failed': 'Strong noise suppression could not start, so standard noise suppression is used. ({details})',
  'settings.autoGainControl': 'Automatic volume',
  'settings.autoGainControl.hint': 'Evens out your voice when you move closer to or away from the microphone.',

  'settings.video': 'Video',
  'settings.mirror': 'Mirror my video',
  'settings.mirror.hint': 'Only your own view is mirrored; others see you the right way round.',
  'settings.blur': 'Blur my background',
  'settings.blur.hint': 'Others see you in front of a blurred room.',

  'settings.joining': 'Joining a meeting',
  'settings.joinMicOff': 'Join with my microphone off',
  'settings.joinCameraOff': 'Join with my camera off',

  'settings.general': 'Language and notifications',
  'settings.notifications': 'Desktop notifications',
  'settings.notifications.hint': 'Chat messages and people joining while Licode Desktop is in the background.',
  'settings.dismiss': 'Dismiss',
} as const;
