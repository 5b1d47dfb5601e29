// Serves the web app (designer/dist, built by scripts/ensure-designer-build.ts before `npm start`)
// from the API's own process, in both run modes: same origin, so the session cookie just works.
//   /assets/*          hashed bundles: cached for a year, sent pre-compressed (.br/.gz) when asked
//   other files        favicon and friends: revalidated
//   any other GET      index.html (the app routes in the browser: /inbox, /design/forms, …)
//   /api/*, /docs/*    never: an unknown API route stays a JSON 404
// Without a build it answers 503 with a short page saying how to build, and the API still works.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from './auth.ts';
import { preloadLinks, readRoutePreloads } from './route-preloads.ts';

export interface DesignerStaticOptions {
  /** The built app (default: designer/dist of this checkout). */
  distDir?: string;
}

export const DEFAULT_DESIGNER_DIST = join(import.meta.dirname, '..', '..', '..', '..', 'designer', 'dist');

const NOT_APP = /^\/(api|docs)(\/|$)/;
const HAS_EXTENSION = /\/[^/]*\.[A-Za-z0-9]+$/;

/**
 * The page's policy: scripts only from this origin (no inline script), inline styles (bpmn-js, React
 * style props), data: images. 'unsafe-eval' because the forms' validator, AJV — the same one the
 * server uses, so both judge a form alike — compiles each JSON Schema (designed at run time, so it
 * cannot be precompiled) into a function (docs/decisions/0003-ui-components.md).
 */
function contentSecurityPolicy(https: boolean): string {
  return [
    "default-src 'self'",
    "script-src 'self' 'unsafe-eval'",
    "script-src-attr 'none'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
    // Only over HTTPS: on a plain-HTTP LAN install it would send the browser to a port with no TLS.
    ...(https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

const NOT_BUILT = `<!doctype html><html><head><meta charset="utf-8"><title>Forma</title></head><body>
<h1>The web app is not built</h1><p>Run <code>npm start</code> (it builds the app when needed), or
<code>npx tsx scripts/ensure-designer-build.ts</code>. The API is running at <a href="/docs">/docs</a>.</p>
<h1>网页应用尚未构建</h1><p>请运行 <code>npm start</code>（会在需要时自动构建），或运行
<code>npx tsx scripts/ensure-designer-build.ts</code>。API 已在运行：<a href="/docs">/docs</a>。</p>
</body></html>`;

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

export const designerStatic: FastifyPluginAsync<DesignerStaticOptions> = async (app, options) => {
  const dist = options.distDir ?? DEFAULT_DESIGNER_DIST;
  // serve: false — no wildcard route of its own; this plugin decides what each path means.
  await app.register(fastifyStatic, { root: dist, serve: false, preCompressed: true, suppressWarning: true });

  const sendIndex = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    let html: string;
    try {
      html = await readFile(join(dist, 'index.html'), 'utf8');
    } catch {
      return reply
        .code(503)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(NOT_BUILT);
    }
    // The page's chunks and reads named up front (route-preloads.ts); the page is the same either way.
    const pathname = request.url.split('?')[0]!;
    const signedIn = Boolean(request.cookies?.[SESSION_COOKIE]);
    const links = preloadLinks(await readRoutePreloads(dist), pathname, signedIn);
    if (links.reads) html = html.replace('<script', `${links.reads}<script`);
    if (links.chunks) html = html.replace('</head>', `${links.chunks}</head>`);
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('content-security-policy', contentSecurityPolicy(request.protocol === 'https'))
      .send(html);
  };

  app.get('/*', { schema: { hide: true }, config: { public: true } }, async (request, reply) => {
    const pathname = request.url.split('?')[0]!;
    if (NOT_APP.test(pathname)) return reply.callNotFound();
    let path: string;
    try {
      path = decodeURIComponent(pathname);
    } catch {
      return reply.callNotFound();
    }
    const segments = path.split('/');
    // No way out of dist, and no dotfiles (.vite/manifest.json, the build stamp).
    if (path.includes('\0') || segments.some((s) => s === '..' || s.startsWith('.')))
      return reply.callNotFound();
    if (path === '/' || path === '/index.html') return sendIndex(request, reply);
    if (await isFile(join(dist, path))) {
      const immutable = path.startsWith('/assets/');
      return reply.sendFile(
        path.slice(1),
        dist,
        immutable ? { immutable: true, maxAge: '365d' } : { maxAge: 0 },
      );
    }
    // A missing file (an old hashed chunk after a deploy) is a 404, not the app's HTML.
    if (HAS_EXTENSION.test(path)) return reply.callNotFound();
    return sendIndex(request, reply);
  });
};
