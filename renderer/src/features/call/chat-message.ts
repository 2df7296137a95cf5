import * as v from 'valibot';
import { displaySafe } from '../../../../common/display-text';

/** Chat travels as Licode data messages on each participant's camera publication. */
export const CHAT_MAX_LENGTH = 2000;

export const ChatWireSchema = v.object({
  type: v.literal('chat'),
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  // Another client's text may carry bidi overrides or controls that would reorder or hide what is shown around it:
  // they are removed (line breaks stay), and a message with nothing visible left is no message.
  text: v.pipe(
    v.string(),
    v.maxLength(CHAT_MAX_LENGTH * 4),
    v.transform((text) => displaySafe(text, { multiline: true })),
    v.minLength(1),
    v.maxLength(CHAT_MAX_LENGTH),
  ),
});
export type ChatWire = v.InferOutput<typeof ChatWireSchema>;

/** The chat message in `message`, or null when it is something else (other apps' data, hostile input). */
export function readChatMessage(message: unknown): ChatWire | null {
  const result = v.safeParse(ChatWireSchema, message);
  return result.success ? result.output : null;
}
