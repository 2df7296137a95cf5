import * as v from 'valibot';

/** Chat travels as Licode data messages on each participant's camera publication. */
export const CHAT_MAX_LENGTH = 2000;

export const ChatWireSchema = v.object({
  type: v.literal('chat'),
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  text: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(CHAT_MAX_LENGTH)),
});
export type ChatWire = v.InferOutput<typeof ChatWireSchema>;

/** The chat message in `message`, or null when it is something else (other apps' data, hostile input). */
export function readChatMessage(message: unknown): ChatWire | null {
  const result = v.safeParse(ChatWireSchema, message);
  return result.success ? result.output : null;
}
