/** English messages of the call view (merged into en.ts). Keys start with `meeting.`. */
export const callEn = {
  'meeting.leave': 'Leave',
} as const;
