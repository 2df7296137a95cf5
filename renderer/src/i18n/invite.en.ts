/** English messages of the call's invitation (features/invite), merged into en.ts. Keys start with `invite.`. */
export const inviteEn = {
  'invite.copy': 'Copy invite',
  'invite.copied': 'Invite copied',
  'invite.copyFailed': 'The invitation could not be copied. Select the text below and copy it yourself.',
  'invite.close': 'Close',
  'invite.text.intro': 'Join the meeting "{room}" in Licode Desktop.',
  'invite.text.server': 'Server: {server}',
  'invite.text.room': 'Room: {room}',
  'invite.text.link': 'Open it in Licode Desktop: {link}',
} as const;
