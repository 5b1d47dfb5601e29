// `npm run size:designer`: what a browser downloads to show the employee portal's first page (the
// app shell and the request catalogue), gzipped, from the last build in designer/dist. The budget
// is 100 KB of JavaScript (the issue of analytics' bound; it was 250 KB until the first load measured
// ~94 KB); tests/designer/bundle-size.test.ts enforces it and checks that the flow modeler (bpmn-js),
// the form runtime (rjsf) and the charts (ECharts) are not part of it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

export const DESIGNER_DIST = join(import.meta.dirname, '..', 'designer', 'dist');
export const FIRST_LOAD_BUDGET_BYTES = 100 * 1024;
/** The page the portal opens on (shell/routes.ts HOME): part of the first load. */
export const CATALOGUE_PAGE = 'src/portal/RequestsPage.tsx';

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

export interface LoadedFile {
  file: string;
  bytes: number;
  gzipBytes: number;
}

export interface FirstLoad {
  js: LoadedFile[];
  css: LoadedFile[];
  jsGzipBytes: number;
  cssGzipBytes: number;
  /** The source modules bundled into the first-load JavaScript (repo-relative paths). */
  modules: string[];
}

export function readManifest(dist = DESIGNER_DIST): Record<string, ManifestChunk> {
  return JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >;
}

export function chunkModules(dist = DESIGNER_DIST): Record<string, string[]> {
  const report = JSON.parse(readFileSync(join(dist, '.vite', 'forma-modules.json'), 'utf8')) as {
    chunks: Record<string, string[]>;
  };
  return report.chunks;
}

function measure(dist: string, file: string): LoadedFile {
  const content = readFileSync(join(dist, file));
  return { file, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
}

/** The chunks (and their CSS) loaded for `entries`, following static imports only. */
export function staticClosure(manifest: Record<string, ManifestChunk>, entries: string[]): ManifestChunk[] {
  const seen = new Set<string>();
  const out: ManifestChunk[] = [];
  const visit = (key: string): void => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) throw new Error(`chunk ${key} is not in the manifest`);
    out.push(chunk);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  for (const entry of entries) visit(entry);
  return out;
}

export function firstLoad(dist = DESIGNER_DIST, pages: string[] = [CATALOGUE_PAGE]): FirstLoad {
  const manifest = readManifest(dist);
  const entry = Object.keys(manifest).find((k) => manifest[k]!.isEntry);
  if (!entry) throw new Error('no entry chunk in the manifest');
  const chunks = staticClosure(manifest, [entry, ...pages]);
  const js = chunks.map((c) => measure(dist, c.file));
  const css = [...new Set(chunks.flatMap((c) => c.css ?? []))].map((f) => measure(dist, f));
  const modulesByChunk = chunkModules(dist);
  return {
    js,
    css,
    jsGzipBytes: js.reduce((sum, f) => sum + f.gzipBytes, 0),
    cssGzipBytes: css.reduce((sum, f) => sum + f.gzipBytes, 0),
    modules: chunks.flatMap((c) => modulesByChunk[c.file] ?? []),
  };
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const load = firstLoad();
  console.log('First load of the portal (shell + request catalogue), from designer/dist:');
  for (const f of [...load.js, ...load.css])
    console.log(`  ${f.file.padEnd(44)} ${kb(f.bytes).padStart(10)}  gzip ${kb(f.gzipBytes).padStart(9)}`);
  console.log(
    `JavaScript: ${kb(load.jsGzipBytes)} gzipped (budget ${kb(FIRST_LOAD_BUDGET_BYTES)}); CSS: ${kb(load.cssGzipBytes)} gzipped`,
  );
  const manifest = readManifest();
  console.log('Lazy page chunks (downloaded only when opened):');
  for (const [key, chunk] of Object.entries(manifest))
    if (key.startsWith('src/') && key !== CATALOGUE_PAGE) {
      const f = measure(DESIGNER_DIST, chunk.file);
      console.log(`  ${key.padEnd(44)} gzip ${kb(f.gzipBytes).padStart(9)}`);
    }
  if (load.jsGzipBytes > FIRST_LOAD_BUDGET_BYTES) process.exitCode = 1;
}
