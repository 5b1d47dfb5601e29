// Writes .vite/route-preloads.json: for each page of the app (src/shell/routes.ts), the chunks and
// stylesheets that page needs beyond the entry's own, and the API reads it declares with
// `preloadReads`. The server (engine/src/http/plugins/designer-static.ts) names them in the
// index.html it answers for that URL, so the browser fetches them alongside the entry instead of
// one round trip after the entry has run (decision 0050). On a phone with 150 ms round trips the
// page's code otherwise waits for the entry's download and evaluation before its own download starts.
//
// The route table is read from routes.ts's text (path → `import('…')` → optional `preloadReads`),
// not executed: it imports React and the app. tests/designer/route-preloads.test.ts checks that
// every route was found.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Plugin, Rollup } from 'vite';

type ChunkMeta = Rollup.OutputChunk & { viteMetadata?: { importedCss: Set<string> } };

const ROUTES_FILE = join(import.meta.dirname, '..', 'src', 'shell', 'routes.ts');

export interface RouteSource {
  path: string;
  /** Absolute path of the page's module. */
  module: string;
  reads: string[];
}

/** The routes of routes.ts's text, in order (the browser takes the first that matches). */
export function parseRoutes(text: string, routesFile = ROUTES_FILE): RouteSource[] {
  const routes: RouteSource[] = [];
  // Each route literal starts at its `path:`; its page and reads come before the next one's.
  const starts = [...text.matchAll(/\bpath: '([^']+)'/g)];
  for (const [i, start] of starts.entries()) {
    const body = text.slice(start.index, starts[i + 1]?.index ?? text.length);
    const page = /import\('([^']+)'\)/.exec(body);
    if (!page) continue;
    const reads = /preloadReads: \[([^\]]*)\]/.exec(body);
    routes.push({
      path: start[1]!,
      module: resolve(routesFile, '..', page[1]!),
      reads: reads ? [...reads[1]!.matchAll(/'([^']+)'/g)].map((m) => m[1]!) : [],
    });
  }
  return routes;
}

export interface RoutePreload {
  path: string;
  scripts: string[];
  styles: string[];
  reads: string[];
}

export function routePreloads(bundle: Rollup.OutputBundle, routes: RouteSource[]): RoutePreload[] {
  const chunks = Object.values(bundle).filter((o): o is ChunkMeta => o.type === 'chunk');
  const byFile = new Map(chunks.map((c) => [c.fileName, c]));
  const closure = (chunk: ChunkMeta, into: Set<string>): Set<string> => {
    if (into.has(chunk.fileName)) return into;
    into.add(chunk.fileName);
    for (const css of chunk.viteMetadata?.importedCss ?? []) into.add(css);
    for (const imported of chunk.imports) {
      const next = byFile.get(imported);
      if (next) closure(next, into);
    }
    return into;
  };
  // What the entry already brings (its own <script> and links in index.html).
  const first = new Set<string>();
  for (const c of chunks) if (c.isEntry) closure(c, first);
  const norm = (p: string): string => p.replaceAll('\\', '/');
  return routes.map((route) => {
    const page = chunks.find((c) => c.facadeModuleId && norm(c.facadeModuleId) === norm(route.module));
    const files = page ? [...closure(page, new Set())].filter((f) => !first.has(f)) : [];
    return {
      path: route.path,
      scripts: files.filter((f) => f.endsWith('.js')).map((f) => `/${f}`),
      styles: files.filter((f) => f.endsWith('.css')).map((f) => `/${f}`),
      reads: route.reads,
    };
  });
}

export function routePreloadsPlugin(): Plugin {
  return {
    name: 'forma-route-preloads',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const routes = parseRoutes(readFileSync(ROUTES_FILE, 'utf8'));
      this.emitFile({
        type: 'asset',
        fileName: '.vite/route-preloads.json',
        source: `${JSON.stringify({ routes: routePreloads(bundle, routes) }, null, 1)}\n`,
      });
    },
  };
}
