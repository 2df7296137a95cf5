/**
 * Pure security decisions used by the Electron glue (kept here so they are unit-tested without Electron).
 */

/** Permissions the renderer may get: camera/microphone and screen capture, nothing else. */
const GRANTABLE = new Set(['media', 'display-capture']);

/** Whether `permission` may be granted to a page at `requestingUrl`, given our renderer's origin. */
export function isPermissionAllowed(permission: string, requestingUrl: string, ourOrigin: string): boolean {
  if (!GRANTABLE.has(permission)) return false;
  return originOf(requestingUrl) === ourOrigin;
}

/** Links the renderer may open in the system browser: plain https URLs without credentials. */
export function isSafeExternalUrl(candidate: string): boolean {
  try {
    const url = new URL(candidate);
    return url.protocol === 'https:' && url.username === '' && url.password === '' && url.hostname !== '';
  } catch {
    return false;
  }
}

/** scheme://host of a URL ('' when unparsable); URL.origin is 'null' for custom schemes in plain Node. */
export function originOf(candidate: string): string {
  try {
    const url = new URL(candidate);
    return `${url.protocol}//${url.host}`;
  } catch {
    return '';
  }
}
