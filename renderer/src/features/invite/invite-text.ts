import { meetingLinkFor } from '../../../../common/invite-link';
import type { MessageKey } from '../../i18n/i18n.svelte';

export type Translate = (key: MessageKey, params: Record<string, string>) => string;

/**
 * The invitation someone pastes into a chat or an e-mail: the room and the server as plain text (for people who type
 * them into Licode Desktop or use another Licode client) and the link that opens the room in Licode Desktop.
 */
export function inviteText(serverUrl: string, room: string, translate: Translate): string {
  const link = meetingLinkFor(serverUrl, room);
  const lines = [translate('invite.text.intro', { room }), translate('invite.text.server', { server: serverUrl }), translate('invite.text.room', { room })];
  if (link) lines.push(translate('invite.text.link', { link }));
  return lines.join('\n');
}
