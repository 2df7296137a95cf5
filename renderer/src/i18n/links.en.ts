/** English messages of meeting links (licode-desktop://join?…), merged into en.ts. Keys start with `links.`. */
export const linksEn = {
  'links.confirm.title': 'Join a meeting from a link',
  'links.confirm.question': 'Add {server} and join {room}?',
  'links.confirm.unknownServer':
    'You have not added this server yet. Continue only if you trust the link: Licode Desktop tests the server, saves it, and shows the room before anyone sees or hears you.',
  'links.confirm.displayName': 'The link suggests the name {name}.',
  'links.confirm.add': 'Add server and continue',
  'links.confirm.cancel': 'Cancel',
  'links.problem.title': 'This meeting link cannot be opened',
  'links.problem.close': 'Close',
  'links.problem.unknownProfile':
    'The link names a server called "{server}" that you have not added. Add it first, or ask for a link with the server\'s address.',
  'links.problem.addFailed': 'The server could not be added: {reason}',
  'links.invalid.too-long': 'The link is too long to be a meeting link.',
  'links.invalid.not-a-link': 'The link is not a valid link.',
  'links.invalid.other-scheme': 'Only licode-desktop:// meeting links can be opened.',
  'links.invalid.not-join': 'A meeting link looks like licode-desktop://join?server=…&room=….',
  'links.invalid.credentials': 'The link carries a user name or password; meeting links never do.',
  'links.invalid.fragment': 'The link has a # part; meeting links never do.',
  'links.invalid.encoded-separator': 'The link hides separators (%26, %3D, %3F, %23) or double encoding in its values.',
  'links.invalid.unknown-key': 'The link has parts other than server, room and name.',
  'links.invalid.duplicate-key': 'The link names the server, room or name more than once.',
  'links.invalid.missing-server': 'The link does not say which server to use.',
  'links.invalid.missing-room': 'The link does not say which room to join.',
  'links.invalid.server-invalid': 'The link names a server that is neither a valid http(s) address nor a server you added.',
  'links.invalid.room-invalid': 'The link names a room that is not a valid room name.',
  'links.invalid.name-invalid': 'The link suggests a display name that is not valid.',
} as const;
