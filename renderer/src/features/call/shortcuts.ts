/**
 * Call keyboard shortcuts. Single keys (WCAG 2.1.4): they can be turned off in the help overlay, and they never
 * fire while typing in a field or with a modifier held.
 */
export type ShortcutAction = 'mic' | 'camera' | 'share' | 'chat' | 'people' | 'layout' | 'hand' | 'react' | 'help';

export const SHORTCUTS: ReadonlyArray<{ key: string; action: ShortcutAction }> = [
  { key: 'm', action: 'mic' },
  { key: 'v', action: 'camera' },
  { key: 's', action: 'share' },
  { key: 'c', action: 'chat' },
  { key: 'p', action: 'people' },
  { key: 'l', action: 'layout' },
  // Single keys like the rest (Meet's Ctrl+Alt+H would break the rule that modified keys belong to the browser/OS).
  { key: 'h', action: 'hand' },
  { key: 'r', action: 'react' },
  { key: '?', action: 'help' },
];

/** Whether the key event belongs to something the user is typing into or operating. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (typeof HTMLElement === 'undefined' || !(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** The action for a keydown, or null. Space is push-to-talk and handled separately (keydown + keyup). */
export function shortcutFor(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'target'>): ShortcutAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey || isTypingTarget(event.target)) return null;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  return SHORTCUTS.find((s) => s.key === key)?.action ?? null;
}

/** Space held for push-to-talk, but not when Space would press a focused button or tick a checkbox. */
export function isPushToTalkKey(event: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'target'>): boolean {
  if (event.code !== 'Space' && event.key !== ' ') return false;
  if (event.ctrlKey || event.metaKey || event.altKey || isTypingTarget(event.target)) return false;
  const target = event.target;
  if (
    typeof HTMLElement !== 'undefined' &&
    target instanceof HTMLElement &&
    (target.tagName === 'BUTTON' || target.getAttribute('role') === 'button' || target.tagName === 'A')
  )
    return false;
  return true;
}
