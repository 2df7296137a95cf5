/** English messages of the log export (merged into en.ts). Keys start with `logs.`. */
export const logsEn = {
  'logs.export': 'Export logs',
  'logs.exported': 'Logs saved to {path}. Attach this file to your support request; it contains no tokens or passwords.',
  'logs.exportFailed': 'The logs could not be exported: {reason}',
} as const;
