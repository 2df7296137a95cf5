/** English messages of the installed app's desktop features (merged into en.ts). Keys start with `update.`. */
export const desktopEn = {
  'update.ready': 'Version {version} is ready — it installs when you quit.',
  'update.restartNow': 'Restart now',
  'update.restartFailed': 'The app could not restart now; the update installs when you quit.',
  'update.downloading': 'Downloading version {version} in the background.',
} as const;
