// The public link's page lives outside the signed-in app: /p/<token> (engine's PublicLinks makes
// these paths). Kept apart so the app's entry can tell without loading the page.
const PUBLIC_LINK = /^\/p\/([A-Za-z0-9_-]{1,200})\/?$/;

/** The token of a public link's path, or null for every other page. */
export function publicLinkToken(pathname: string): string | null {
  return PUBLIC_LINK.exec(pathname)?.[1] ?? null;
}
