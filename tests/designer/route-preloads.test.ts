// The page's preload hints (decision 0050): the build lists, per route of routes.ts, the chunks and
// styles the page needs beyond the entry and the reads it declares (vite-plugins/route-preloads.ts);
// the server names them in the index.html it answers at that URL, the reads only for a visitor
// with a session cookie. A new file, not a case of an app's test: it needs neither the platform nor
// a browser (a bare Fastify with the static plugin over a small dist of its own, and the real build).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import Fastify from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { designerStatic } from '#engine/http/plugins/designer-static.ts';
import { SESSION_COOKIE } from '#engine/http/plugins/auth.ts';
import type { RoutePreload } from '#engine/http/plugins/route-preloads.ts';
import { DESIGNER_DIST, chunkModules } from '#scripts/designer-size.ts';
import { ensureDesignerBuild } from '#scripts/ensure-designer-build.ts';
import { parseRoutes } from '../../designer/vite-plugins/route-preloads.ts';
import { tempDir } from '../support/temp-dir.ts';

const ROUTES_TS = join(import.meta.dirname, '..', '..', 'designer', 'src', 'shell', 'routes.ts');

describe('route preloads', () => {
  it('reads every route of routes.ts from its text, in order, with the reads it declares', () => {
    // Not the ROUTES array itself: importing it would pull the whole app into the server's type check.
    const text = readFileSync(ROUTES_TS, 'utf8');
    const parsed = parseRoutes(text, ROUTES_TS);
    expect(parsed.length).toBe(text.match(/^\s+page: lazyPage\(/gm)!.length);
    expect(parsed.length).toBeGreaterThan(30);
    for (const route of parsed) expect(existsSync(route.module), route.module).toBe(true);
    expect(parsed[0]!.path).toBe('/requests');
    const form = parsed.find((r) => r.path === '/requests/new/:entry')!;
    expect(form.module.replaceAll('\\', '/')).toMatch(/\/designer\/src\/portal\/NewRequestPage\.tsx$/);
    expect(form.reads).toEqual(['/api/catalogue', '/api/drafts/:entry']);
    expect(parsed.find((r) => r.path === '/inbox')!.reads).toEqual([]);
  });

  describe('in the build', () => {
    let routes: RoutePreload[] = [];
    beforeAll(async () => {
      await ensureDesignerBuild(() => undefined);
      routes = (
        JSON.parse(readFileSync(join(DESIGNER_DIST, '.vite', 'route-preloads.json'), 'utf8')) as {
          routes: RoutePreload[];
        }
      ).routes;
    }, 240_000);

    it("lists the new request page's own chunks (the form runtime among them), not the entry's", () => {
      const page = routes.find((r) => r.path === '/requests/new/:entry')!;
      const modules = chunkModules();
      const holding = (source: string): string[] =>
        Object.entries(modules)
          .filter(([, ids]) => ids.some((id) => id.endsWith(source)))
          .map(([file]) => `/${file}`);
      expect(page.scripts).toEqual(expect.arrayContaining(holding('portal/NewRequestPage.tsx')));
      expect(page.scripts).toEqual(expect.arrayContaining(holding('portal/form-runtime.tsx')));
      expect(page.scripts).not.toEqual(expect.arrayContaining(holding('shell/App.tsx')));
      expect(page.styles.length).toBeGreaterThan(0);
      expect(page.reads).toEqual(['/api/catalogue', '/api/drafts/:entry']);
    });
  });

  describe('in the index.html the server answers', () => {
    const dist = tempDir('route-preloads').dir;
    mkdirSync(join(dist, '.vite'), { recursive: true });
    writeFileSync(
      join(dist, 'index.html'),
      '<!doctype html><html><head><title>t</title><script type="module" src="/assets/index.js"></script></head><body></body></html>',
    );
    const routes: RoutePreload[] = [
      {
        path: '/requests/new/:entry',
        scripts: ['/assets/a.js'],
        styles: ['/assets/a.css'],
        reads: ['/api/drafts/:entry'],
      },
      { path: '/requests/:id', scripts: ['/assets/b.js'], styles: [], reads: [] },
    ];
    writeFileSync(join(dist, '.vite', 'route-preloads.json'), JSON.stringify({ routes }));

    const page = async (url: string, cookie?: string): Promise<string> => {
      const app = Fastify();
      await app.register(fastifyCookie);
      await app.register(designerStatic, { distDir: dist });
      const reply = await app.inject({ url, ...(cookie ? { cookies: { [SESSION_COOKIE]: cookie } } : {}) });
      await app.close();
      expect(reply.statusCode).toBe(200);
      return reply.body;
    };

    it('names the matching page’s chunks and styles for anyone, its reads and the session only when signed in', async () => {
      const anonymous = await page('/requests/new/x');
      expect(anonymous).toContain('<link rel="modulepreload" crossorigin href="/assets/a.js">');
      expect(anonymous).toContain('<link rel="preload" as="style" crossorigin href="/assets/a.css">');
      expect(anonymous).not.toContain('as="fetch"');
      expect(anonymous).not.toContain('/assets/b.js'); // the first route that matches, as the router
      const signedIn = await page('/requests/new/%E5%B7%AE%E6%97%85%20a?x=1', 'token');
      expect(signedIn).toContain('<link rel="preload" as="fetch" crossorigin href="/api/auth/me">');
      // The reads before the entry script, the chunks after it (they would hold up the reads).
      expect(signedIn.indexOf('/api/drafts/')).toBeLessThan(signedIn.indexOf('<script'));
      expect(signedIn.indexOf('/assets/a.js')).toBeGreaterThan(signedIn.indexOf('<script'));
      // The param as the page's own code encodes it, so that its fetch matches the preload.
      expect(signedIn).toContain(
        `<link rel="preload" as="fetch" crossorigin href="/api/drafts/${encodeURIComponent('差旅 a')}">`,
      );
    });

    it('adds nothing but the session read to a page without an entry in the list', async () => {
      expect(await page('/inbox')).not.toContain('<link');
      expect(await page('/inbox', 'token')).toContain('href="/api/auth/me"');
    });
  });
});
