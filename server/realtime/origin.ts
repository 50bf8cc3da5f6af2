/**
 * Whether a Socket.IO handshake may go ahead given its Origin. SameSite=Lax cookies travel from sibling
 * subdomains, so the cookie alone does not prove the page is ours: a browser always names the page's origin
 * on a WebSocket, and it must be one of ours. No Origin at all means a client that is not a browser (the
 * cookie still has to be valid). With no configured list, ours is the origin the browser addressed: its Host.
 */
export function originAllowed(origin: string | undefined, host: string | undefined, publicOrigins: readonly string[] | null): boolean {
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (publicOrigins) return publicOrigins.includes(url.origin);
  return (url.protocol === 'http:' || url.protocol === 'https:') && host !== undefined && url.host === host.toLowerCase();
}
