// The built service worker (designer/vite-plugins/service-worker.ts): dist/sw.js precaches the app
// shell the portal needs offline — index.html, the manifest's icons, and every chunk and style the
// offline pages load statically, the form runtime included — and none of the heavy lazy parts
// (the flow modeler); and it stays out of the portal's first load (no first-load chunk holds its
// code; the page registers it after loading).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DESIGNER_DIST,
  chunkModules,
  firstLoad,
  readManifest,
  staticClosure,
} from '#scripts/designer-size.ts';
import { ensureDesignerBuild } from '#scripts/ensure-designer-build.ts';
import { OFFLINE_PAGES } from '#designer/offline/offline-pages.ts';

describe('service worker build', () => {
  let sw = '';
  let precache: string[] = [];
  beforeAll(async () => {
    await ensureDesignerBuild(() => undefined);
    sw = readFileSync(join(DESIGNER_DIST, 'sw.js'), 'utf8');
    precache = JSON.parse(/^const PRECACHE = (\[.*\]);$/m.exec(sw)![1]!) as string[];
  }, 240_000);

  it('precaches the shell: index.html, the manifest and its icons, the offline pages and their imports', () => {
    const manifest = readManifest();
    const webManifest = JSON.parse(readFileSync(join(DESIGNER_DIST, 'manifest.webmanifest'), 'utf8')) as {
      icons: Array<{ src: string }>;
    };
    expect(precache).toEqual(expect.arrayContaining(['/index.html', '/manifest.webmanifest']));
    for (const icon of webManifest.icons) {
      expect(precache).toContain(icon.src);
      expect(existsSync(join(DESIGNER_DIST, icon.src))).toBe(true);
    }
    const entry = Object.keys(manifest).find((k) => manifest[k]!.isEntry)!;
    for (const chunk of staticClosure(manifest, [entry, ...OFFLINE_PAGES])) {
      expect(precache).toContain(`/${chunk.file}`);
      for (const css of chunk.css ?? []) expect(precache).toContain(`/${css}`);
    }
    for (const file of precache.filter((f) => f.startsWith('/assets/')))
      expect(existsSync(join(DESIGNER_DIST, file))).toBe(true);
  });

  it('leaves the flow modeler to the network', () => {
    const modules = chunkModules();
    const withModeler = Object.keys(modules).filter((file) =>
      modules[file]!.some((m) => m.startsWith('node_modules/bpmn-js/')),
    );
    expect(withModeler.length).toBeGreaterThan(0);
    for (const file of withModeler) expect(precache).not.toContain(`/${file}`);
  });

  it('is not part of the first load', () => {
    const load = firstLoad();
    expect(load.modules.filter((m) => m.includes('offline/service-worker'))).toEqual([]);
    for (const f of load.js)
      expect(readFileSync(join(DESIGNER_DIST, f.file), 'utf8')).not.toContain('forma-shell-');
  });
});
