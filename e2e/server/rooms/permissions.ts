import type { RoleTable } from '../config';

/** Media kinds a publish/subscribe request may ask for (the keys checked against object-valued rights). */
const MEDIA_KINDS = ['audio', 'video', 'screen', 'data'] as const;

/**
 * docs/licode-protocol.md §6.4: a right is granted when truthy; when it is an object the request is refused if any media
 * kind set to `true` in the request options is `false` in the object.
 */
export function mayPublishOrSubscribe(roles: RoleTable, role: string, action: 'publish' | 'subscribe', options: unknown): boolean {
  const right = ownRights(roles, role)[action];
  if (!right) return false;
  if (typeof right !== 'object') return true;
  const kinds = right as Record<string, unknown>;
  const requested = typeof options === 'object' && options !== null ? (options as Record<string, unknown>) : {};
  return !MEDIA_KINDS.some((kind) => requested[kind] === true && Object.hasOwn(kinds, kind) && kinds[kind] === false);
}

/** Plain truthiness of a named right (unpublish/unsubscribe, record, stats). */
export function hasRight(roles: RoleTable, role: string, right: string): boolean {
  return Boolean(ownRights(roles, role)[right]);
}

/** `control` messages: v3–v6 require the right to be exactly `true`, v7+ merely truthy. */
export function mayControl(roles: RoleTable, role: string, actionName: unknown, strict: boolean): boolean {
  if (typeof actionName !== 'string') return false;
  const right = ownRights(roles, role)[actionName];
  return strict ? right === true : Boolean(right);
}

/** Rights of a role; unknown roles (including `__proto__` and friends) have none. */
export function ownRights(roles: RoleTable, role: string): Record<string, unknown> {
  if (!Object.hasOwn(roles, role)) return {};
  const rights = roles[role] ?? {};
  const own: Record<string, unknown> = Object.create(null);
  for (const [k, v] of Object.entries(rights)) own[k] = v;
  return own;
}
