// The web app's build and dev server. `npm run dev:designer` serves it with hot reload and proxies
// /api and /docs to the API (`npm start`, API_URL to point elsewhere); `npm start` builds it when
// designer/dist is missing or stale (scripts/ensure-designer-build.ts) and Fastify serves dist/.
import { createReadStream, createWriteStream, existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { constants, createBrotliCompress, createGzip } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { routePreloadsPlugin } from './vite-plugins/route-preloads.ts';
import { serviceWorker } from './vite-plugins/service-worker.ts';

// The barcode decoder's WebAssembly too (≈0.9 MB, a third of it compressed).
const COMPRESSIBLE = /\.(js|mjs|css|svg|json|woff|ttf|eot|map|wasm)$/;

/** Writes .gz and .br twins of every text asset, so Fastify sends compressed files without CPU per request. */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'forma-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    async closeBundle(error) {
      // A failed build has no output to compress: leave its error to surface (walking the missing
      // directory would replace it with a misleading ENOENT).
      if (error || !existsSync(outDir)) return;
      const files: string[] = [];
      const walk = (dir: string): void => {
        for (const entry of readdirSync(dir, { withFileTypes: true })) {
          const path = join(dir, entry.name);
          if (entry.isDirectory()) walk(path);
          else if (
            COMPRESSIBLE.test(entry.name) &&
            !entry.name.endsWith('.map') &&
            statSync(path).size > 1024
          )
            files.push(path);
        }
      };
      walk(outDir);
      await Promise.all(
        files.flatMap((file) => [
          pipeline(createReadStream(file), createGzip({ level: 9 }), createWriteStream(`${file}.gz`)),
          pipeline(
            createReadStream(file),
            // Best quality for the small first-load files; the ~1.6 MB modeler chunk would take seconds.
            createBrotliCompress({
              params: { [constants.BROTLI_PARAM_QUALITY]: statSync(file).size > 512 * 1024 ? 9 : 11 },
            }),
            createWriteStream(`${file}.br`),
          ),
        ]),
      );
    },
  };
}

const REPO = join(import.meta.dirname, '..');

/**
 * A module's path as the checks name it: repo-relative, and a package as `node_modules/<package>/…`
 * even when node_modules is a link to another checkout's (a git worktree shares the main one's).
 */
function repoPath(id: string): string {
  const path = id.replaceAll('\\', '/');
  const inPackage = path.indexOf('/node_modules/');
  return inPackage >= 0 ? path.slice(inPackage + 1) : relative(REPO, id).replaceAll('\\', '/');
}

/**
 * Writes .vite/forma-modules.json: the source modules of every chunk. The first-load budget check
 * (scripts/designer-size.ts) proves with it that bpmn-js and rjsf stay out of the portal's first
 * load, and scripts/ensure-designer-build.ts hashes the project files it lists to know when
 * designer/dist is stale.
 */
function moduleReport(): Plugin {
  return {
    name: 'forma-module-report',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks: Record<string, string[]> = {};
      for (const output of Object.values(bundle))
        if (output.type === 'chunk')
          chunks[output.fileName] = output.moduleIds
            .filter((id) => !id.startsWith('\0'))
            .map((id) => repoPath(id.split('?')[0]!))
            .sort();
      this.emitFile({
        type: 'asset',
        fileName: '.vite/forma-modules.json',
        source: `${JSON.stringify({ chunks }, null, 1)}\n`,
      });
    },
  };
}

const LAZY_MARKDOWN = join(import.meta.dirname, 'src', 'ui', 'rjsf', 'lazy-markdown.tsx');

/**
 * rjsf's `markdown-to-jsx/react` becomes src/ui/rjsf/lazy-markdown.tsx, which loads it when a
 * form first shows Markdown: rarely, and it kept ≈10 KB out of every form page's download.
 */
function lazyMarkdown(): Plugin {
  return {
    name: 'forma-lazy-markdown',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source !== 'markdown-to-jsx/react' || !importer) return null;
      if (importer.replaceAll('\\', '/') === LAZY_MARKDOWN.replaceAll('\\', '/')) return null;
      return LAZY_MARKDOWN;
    },
  };
}

const api = process.env.API_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [lazyMarkdown(), react(), moduleReport(), routePreloadsPlugin(), serviceWorker(), precompress()],
  build: {
    outDir: process.env.DESIGNER_OUT_DIR ?? join(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    // .vite/manifest.json: the chunk graph the first-load budget check walks (scripts/designer-size.ts).
    manifest: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
    // The flow modeler's lazy chunk is ~1 MB by nature; the budget that matters is checked separately.
    chunkSizeWarningLimit: 2000,
  },
  server: {
    host: '127.0.0.1',
    port: Number(process.env.DESIGNER_PORT ?? 5173),
    strictPort: false,
    proxy: { '/api': { target: api }, '/docs': { target: api } },
  },
  preview: { host: '127.0.0.1' },
});
