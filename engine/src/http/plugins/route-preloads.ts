// The preload hints of the web app's index.html for the URL it is answered at (decision 0050): the
// page's chunks and stylesheets (dist/.vite/route-preloads.json, written by the designer's build),
// and, for a visitor with a session cookie, /api/auth/me and the reads the page declares. On a slow
// connection each of these would otherwise start one round trip after the entry script had arrived
// and run. A hint the page ends up not using costs only its bytes: the page still makes every read
// itself (a preloaded reply is taken from the browser's cache when the request matches).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface RoutePreload {
  path: string;
  scripts: string[];
  styles: string[];
  reads: string[];
}

/** The params of `pattern` (`/a/:b`) in `pathname`, still URL-encoded; null when it does not match. */
function match(pattern: string, pathname: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const have = pathname.split('/').filter(Boolean);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (const [i, part] of want.entries()) {
    if (part.startsWith(':')) params[part.slice(1)] = have[i]!;
    else if (part !== have[i]) return null;
  }
  return params;
}

/** A path segment as the page's own code encodes it (encodeURIComponent of its decoded value). */
function segment(raw: string): string | null {
  try {
    return encodeURIComponent(decodeURIComponent(raw));
  } catch {
    return null;
  }
}

export async function readRoutePreloads(dist: string): Promise<RoutePreload[]> {
  try {
    const file = JSON.parse(await readFile(join(dist, '.vite', 'route-preloads.json'), 'utf8')) as {
      routes?: RoutePreload[];
    };
    return file.routes ?? [];
  } catch {
    return []; // an older build without the file: no hints, the app works as before
  }
}

/**
 * The <link> tags for `pathname` (the first route that matches, as the browser's router takes it):
 * `reads` go before the entry script — over HTTP/1.1 the browser opens 6 connections to a server,
 * and these few KB (the page's next reads wait for them) should not queue behind the ~20 chunks —
 * and `chunks` after the entry's own.
 */
export function preloadLinks(
  routes: RoutePreload[],
  pathname: string,
  signedIn: boolean,
): { reads: string; chunks: string } {
  const links: string[] = [];
  const chunks: string[] = [];
  if (signedIn) links.push('<link rel="preload" as="fetch" crossorigin href="/api/auth/me">');
  for (const route of routes) {
    const params = match(route.path, pathname);
    if (!params) continue;
    if (signedIn)
      for (const read of route.reads) {
        let href: string | null = read;
        for (const [name, raw] of Object.entries(params)) {
          const value = segment(raw);
          href = value === null ? null : (href?.replace(`:${name}`, value) ?? null);
        }
        if (href && !href.includes(':'))
          links.push(`<link rel="preload" as="fetch" crossorigin href="${href}">`);
      }
    for (const href of route.scripts) chunks.push(`<link rel="modulepreload" crossorigin href="${href}">`);
    for (const href of route.styles)
      chunks.push(`<link rel="preload" as="style" crossorigin href="${href}">`);
    break;
  }
  return { reads: links.join(''), chunks: chunks.join('') };
}
