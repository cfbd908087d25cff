/**
 * Who asked, as the user reads it: a site's origin, or "This wallet" for a request the wallet's own pages
 * made (Send on an EVM chain goes through the same approval as a site's transaction).
 */
export function originLabel(origin: string): string {
  return origin === globalThis.location?.origin ? 'This wallet (Send)' : origin;
}
