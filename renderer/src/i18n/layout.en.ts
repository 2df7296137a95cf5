/** English messages of the call's layout (features/call/layout), merged into en.ts. Keys start with `layout.`. */
export const layoutEn = {
  'layout.filmstrip.back': 'Show earlier participants',
  'layout.filmstrip.forward': 'Show more participants',
  'layout.clock': 'Time in this meeting',
  'layout.participants': 'Participants: {count}',
  'layout.chatToast': 'New chat message',
  'layout.chatToast.open': 'Open chat: {name} wrote “{text}”',
  'layout.chatToast.dismiss': 'Dismiss the message preview',
} as const;
