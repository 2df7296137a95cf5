/**
 * Licode's shipped defaults use the legacy singular `url` key (§8 #9); RTCPeerConnection wants `urls`.
 * We use exactly the servers the join reply lists (§8 24c) and drop entries that are not usable.
 */
export function normaliseIceServers(input: unknown): RTCIceServer[] {
  if (!Array.isArray(input)) return [];
  const out: RTCIceServer[] = [];
  for (const entry of input) {
    if (!entry || typeof entry !== 'object') continue;
    const record = entry as Record<string, unknown>;
    const raw = record['urls'] ?? record['url'];
    const urls = (Array.isArray(raw) ? raw : [raw]).filter((u): u is string => typeof u === 'string' && /^(stun|stuns|turn|turns):/i.test(u.trim()));
    if (urls.length === 0) continue;
    const server: RTCIceServer = { urls: urls.length === 1 ? urls[0]! : urls };
    if (typeof record['username'] === 'string') server.username = record['username'];
    if (typeof record['credential'] === 'string') server.credential = record['credential'];
    out.push(server);
  }
  return out;
}
