/** English messages of background blur (features/background-blur), merged into en.ts. Keys start with `blur.`. */
export const blurEn = {
  'blur.toggle': 'Blur my background',
  'blur.toggleHint': 'Others see you sharp in front of a blurred room.',
  'blur.starting': 'Starting background blur…',
  'blur.failed.no-webgl': 'Background blur is not available on this computer (its graphics do not support WebGL), so others see your camera as it is.',
  'blur.failed.load-failed': 'Background blur could not start, so others see your camera as it is. Details: {details}',
  'blur.dismiss': 'Dismiss',
} as const;
