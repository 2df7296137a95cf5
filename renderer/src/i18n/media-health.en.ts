/** English messages of media health: videos that did not arrive, lost media, reconnecting, leaving (features/call/media-health). */
export const mediaHealthEn = {
  'mediaHealth.unavailable': 'Video unavailable',
  'mediaHealth.retryingIn': 'Retrying in {seconds} s…',
  'mediaHealth.retrying': 'Retrying…',
  'mediaHealth.retryNow': 'Retry now',
  'mediaHealth.connectionLost': 'Connection lost',
  'mediaHealth.reconnecting': 'Connection lost. Reconnecting…',
  'mediaHealth.reconnectingSince': 'Attempt {attempt} · {elapsed}',
  'mediaHealth.reconnectingFirst': 'Trying · {elapsed}',
  'mediaHealth.leave': 'Leave the meeting',
  'mediaHealth.reconnected': 'Reconnected',
  'mediaHealth.left': 'You left the meeting {room}.',
  'mediaHealth.rejoin': 'Rejoin',
  'mediaHealth.dismiss': 'Dismiss',
} as const;
