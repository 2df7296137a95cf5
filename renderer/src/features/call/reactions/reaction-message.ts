import * as v from 'valibot';

/**
 * A reaction is an EVENT, not state: it travels as a Licode data message on the sender's camera publication and is
 * gone once shown (late joiners need not see a 👍 from a minute ago). Licode relays data only to the stream's data
 * subscribers, unchanged and unchecked, so the message is typed (our own namespaced `type`, a version) and bounded
 * (one emoji from a fixed list): another Licode client ignores it, and anything else we receive is ignored by us.
 */
export const REACTION_TYPE = 'licode-desktop/reaction';
export const REACTION_VERSION = 1;

/** The picker's emoji, in its order. A fixed list: nobody can make a text or an image float over their tile. */
export const REACTION_EMOJI = ['👍', '❤️', '😂', '😮', '👏', '🎉'] as const;
export type ReactionEmoji = (typeof REACTION_EMOJI)[number];

export const ReactionWireSchema = v.object({
  type: v.literal(REACTION_TYPE),
  v: v.literal(REACTION_VERSION),
  emoji: v.picklist(REACTION_EMOJI),
});
export type ReactionWire = v.InferOutput<typeof ReactionWireSchema>;

export function reactionMessage(emoji: ReactionEmoji): ReactionWire {
  return { type: REACTION_TYPE, v: REACTION_VERSION, emoji };
}

/** The reaction in `message`, or null for anything else (chat, other apps' data, a later version, hostile input). */
export function readReactionMessage(message: unknown): ReactionWire | null {
  const result = v.safeParse(ReactionWireSchema, message);
  return result.success ? result.output : null;
}
