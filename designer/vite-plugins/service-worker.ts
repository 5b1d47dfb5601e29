// Builds the service worker (src/offline/service-worker.ts) into dist/sw.js with this build's app
// shell in front of it: `const PRECACHE = [...]` (the files the portal needs to open offline) and
// `const BUILD = "<hash of that list>"`, so every build that changes a file the shell holds changes
// sw.js, and browsers install the new worker (which drops the old build's cache).
//
// The shell is the entry chunk and everything the portal's pages import statically (their CSS too),
// found in the bundle itself; nothing of it is added to the first load — the worker downloads it
// in the background once the page has loaded.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformWithOxc, type Plugin, type Rollup } from 'vite';
import { OFFLINE_LAZY_MODULES, OFFLINE_PAGES } from '../src/offline/offline-pages.ts';

type OutputBundle = Rollup.OutputBundle;
type OutputChunk = Rollup.OutputChunk;

const SOURCE = join(import.meta.dirname, '..', 'src', 'offline', 'service-worker.ts');

/** Files of designer/public the installed app needs (index.html is added by the plugin). */
const PUBLIC_FILES = [
  '/manifest.webmanifest',
  '/favicon.svg',
  '/icon-192.png',
  '/icon-512.png',
  '/icon-maskable-512.png',
];

type ChunkMeta = OutputChunk & { viteMetadata?: { importedCss: Set<string> } };

/**
 * The URLs of the app shell: the entry's and the offline pages' static import closure, and the
 * chunks they import dynamically that hold one of `lazy` (with their own static closure).
 */
export function shellFiles(
  bundle: OutputBundle,
  pages: readonly string[] = OFFLINE_PAGES,
  lazy: readonly string[] = OFFLINE_LAZY_MODULES,
): string[] {
  const chunks = Object.values(bundle).filter((o): o is ChunkMeta => o.type === 'chunk');
  const byFile = new Map(chunks.map((c) => [c.fileName, c]));
  const roots = chunks.filter(
    (c) =>
      c.isEntry ||
      (c.facadeModuleId !== null &&
        pages.some((p) => c.facadeModuleId!.replaceAll('\\', '/').endsWith(`/designer/${p}`))),
  );
  if (roots.length !== pages.length + 1)
    throw new Error(`service worker: found ${roots.length - 1} of the ${pages.length} offline pages`);
  const files = new Set<string>();
  const visit = (chunk: ChunkMeta): void => {
    if (files.has(chunk.fileName)) return;
    files.add(chunk.fileName);
    for (const css of chunk.viteMetadata?.importedCss ?? []) files.add(css);
    for (const imported of chunk.imports) {
      const next = byFile.get(imported);
      if (next) visit(next);
    }
  };
  roots.forEach(visit);
  const wanted = (chunk: ChunkMeta): boolean =>
    chunk.moduleIds.some((id) => lazy.some((m) => id.replaceAll('\\', '/').endsWith(`/designer/${m}`)));
  for (let grew = true; grew;) {
    grew = false;
    for (const file of [...files]) {
      for (const dynamic of byFile.get(file)?.dynamicImports ?? []) {
        const chunk = byFile.get(dynamic);
        if (chunk && !files.has(chunk.fileName) && wanted(chunk)) {
          visit(chunk);
          grew = true;
        }
      }
    }
  }
  return ['/index.html', ...PUBLIC_FILES, ...[...files].sort().map((f) => `/${f}`)];
}

export function serviceWorker(): Plugin {
  return {
    name: 'forma-service-worker',
    apply: 'build',
    enforce: 'post',
    async generateBundle(_options, bundle) {
      const precache = shellFiles(bundle);
      const build = createHash('sha256').update(precache.join('\n')).digest('hex').slice(0, 16);
      const { code } = await transformWithOxc(readFileSync(SOURCE, 'utf8'), SOURCE, { lang: 'ts' });
      this.emitFile({
        type: 'asset',
        fileName: 'sw.js',
        source: `const PRECACHE = ${JSON.stringify(precache)};\nconst BUILD = ${JSON.stringify(build)};\n${code}`,
      });
    },
  };
}
