// The portal's first load (app shell + request catalogue) stays within 100 KB of gzipped
// JavaScript, and the heavy parts — the flow modeler (bpmn-js, its properties panel), the form
// runtime (rjsf, AJV) and the charts (ECharts, zrender) — are in lazy chunks it never loads. `npm run size:designer` prints the figures.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  chunkModules,
  firstLoad,
  FIRST_LOAD_BUDGET_BYTES,
  readManifest,
  staticClosure,
} from '#scripts/designer-size.ts';
import { ensureDesignerBuild } from '#scripts/ensure-designer-build.ts';

const HEAVY = [
  /^node_modules\/bpmn-js\//,
  /^node_modules\/diagram-js\//,
  /^node_modules\/bpmn-js-properties-panel\//,
  /^node_modules\/@bpmn-io\//,
  /^node_modules\/@rjsf\//,
  /^node_modules\/ajv\//,
  /^node_modules\/re2js\//,
  /^node_modules\/echarts\//,
  /^node_modules\/zrender\//,
  /^node_modules\/dmn-js[^/]*\//,
];

describe('web app bundle', () => {
  beforeAll(async () => {
    await ensureDesignerBuild(() => undefined);
  }, 240_000);

  it(`first load of the portal is at most ${FIRST_LOAD_BUDGET_BYTES / 1024} KB of gzipped JavaScript`, () => {
    const load = firstLoad();
    console.log(
      `portal first load: ${(load.jsGzipBytes / 1024).toFixed(1)} KB JS + ${(load.cssGzipBytes / 1024).toFixed(1)} KB CSS gzipped (${load.js.map((f) => f.file).join(', ')})`,
    );
    expect(load.js.length).toBeGreaterThan(1);
    expect(load.jsGzipBytes).toBeLessThanOrEqual(FIRST_LOAD_BUDGET_BYTES);
  });

  it('the first load holds none of the modeler or form runtime, and production React', () => {
    const modules = firstLoad().modules;
    expect(modules.filter((m) => HEAVY.some((h) => h.test(m)))).toEqual([]);
    expect(modules).toContain('node_modules/react-dom/cjs/react-dom-client.production.js');
    expect(modules.filter((m) => m.includes('.development.'))).toEqual([]);
  });

  it('the modeler and the form runtime are lazy chunks of their own pages', () => {
    const manifest = readManifest();
    const modules = chunkModules();
    const flows = manifest['src/flow-modeler/FlowModelerPage.tsx'];
    const forms = manifest['src/form-designer/FormEditorPage.tsx'];
    expect(flows?.isDynamicEntry && forms?.isDynamicEntry).toBe(true);
    expect(modules[flows!.file]!.some((m) => m.startsWith('node_modules/bpmn-js/'))).toBe(true);
    // The form runtime may sit in a chunk shared with the other pages that render forms (the
    // portal's new request, a module's settings): what counts is that this page loads it.
    const formEditor = staticClosure(manifest, ['src/form-designer/FormEditorPage.tsx']).flatMap(
      (chunk) => modules[chunk.file] ?? [],
    );
    expect(formEditor.some((m) => m.startsWith('node_modules/@rjsf/core/'))).toBe(true);
    // The lists of forms and flows are light: no modeler, no form runtime.
    for (const list of ['src/flow-modeler/FlowsPage.tsx', 'src/form-designer/FormsPage.tsx']) {
      expect(manifest[list]?.isDynamicEntry).toBe(true);
      const loaded = staticClosure(manifest, [list]).flatMap((chunk) => modules[chunk.file] ?? []);
      expect(loaded.filter((m) => HEAVY.some((h) => h.test(m)))).toEqual([]);
    }
  });

  it('dmn-js is loaded by the decision table editor only: not by the list of tables nor the flow modeler', () => {
    const manifest = readManifest();
    const modules = chunkModules();
    const loadedBy = (page: string) =>
      staticClosure(manifest, [page]).flatMap((chunk) => modules[chunk.file] ?? []);
    const editor = 'src/decision-editor/DecisionEditorPage.tsx';
    expect(manifest[editor]?.isDynamicEntry).toBe(true);
    const dmnJs = (m: string) => /^node_modules\/dmn-js[^/]*\//.test(m);
    expect(loadedBy(editor).some(dmnJs)).toBe(true);
    for (const page of ['src/decision-editor/DecisionsPage.tsx', 'src/flow-modeler/FlowModelerPage.tsx']) {
      expect(manifest[page]?.isDynamicEntry).toBe(true);
      expect(loadedBy(page).filter(dmnJs)).toEqual([]);
    }
  });

  it('ECharts is a chunk of its own, loaded by the first chart drawn, not by the analytics pages', () => {
    const manifest = readManifest();
    const modules = chunkModules();
    const charts = manifest['src/analytics/charts/echarts-setup.ts'];
    expect(charts?.isDynamicEntry).toBe(true);
    expect(modules[charts!.file]!.some((m) => m.startsWith('node_modules/echarts/'))).toBe(true);
    for (const page of ['src/analytics/AnalyticsPage.tsx', 'src/analytics/DashboardPage.tsx']) {
      expect(manifest[page]?.isDynamicEntry).toBe(true);
      const loaded = staticClosure(manifest, [page]).flatMap((chunk) => modules[chunk.file] ?? []);
      expect(loaded.filter((m) => /^node_modules\/(echarts|zrender)\//.test(m))).toEqual([]);
    }
  });
});
