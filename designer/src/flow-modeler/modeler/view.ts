// What the page does to the diagram's view: fit it beside the palette, mark the elements the
// server has problems with (a red outline and a "!" with the messages), and mark the path a
// simulation took (green). Markers are CSS classes on the elements (modeler.css).
import type { Locale } from '#designer/i18n/define.ts';
import type { FlowProblem } from '../api.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- bpmn-js services are untyped */

const PALETTE_WIDTH_PX = 110;
const MARGIN_PX = 24;
const NARROW_PX = 480;

/**
 * Fits the diagram into the canvas beside the palette (bpmn-js's own fit would put it under). On
 * a narrow canvas (a phone) the palette folds away first: the diagram needs the room, and the
 * palette's toggle opens it again.
 */
export function fit(modeler: unknown): void {
  const canvas = (modeler as any)?.get('canvas');
  if (!canvas) return;
  const palette = (modeler as any).get('palette');
  canvas.zoom('fit-viewport', 'auto');
  const { inner, outer } = canvas.viewbox();
  if (!inner.width || !inner.height) return;
  const narrow = outer.width < NARROW_PX;
  if (narrow && palette.isOpen()) palette.close();
  const left = (narrow ? 0 : PALETTE_WIDTH_PX) + MARGIN_PX;
  const scale = Math.min(
    1,
    (outer.width - left - MARGIN_PX) / inner.width,
    (outer.height - 2 * MARGIN_PX) / inner.height,
  );
  if (scale <= 0) return;
  const height = outer.height / scale;
  canvas.viewbox({
    x: inner.x - left / scale,
    y: inner.y - (height - inner.height) / 2,
    width: outer.width / scale,
    height,
  });
}

/** Marks the elements with problems (removing the marks of `previous`); the ids now marked. */
export function markProblems(
  modeler: unknown,
  problems: readonly FlowProblem[],
  previous: readonly string[],
  locale: Locale,
): string[] {
  const m = modeler as any;
  const canvas = m.get('canvas');
  const overlays = m.get('overlays');
  const registry = m.get('elementRegistry');
  for (const id of previous) if (registry.get(id)) canvas.removeMarker(id, 'f-invalid');
  overlays.remove({ type: 'f-problem' });
  const ids = [
    ...new Set(problems.map((p) => p.elementId).filter((id): id is string => !!id && registry.get(id))),
  ];
  for (const id of ids) {
    canvas.addMarker(id, 'f-invalid');
    if (registry.get(id).waypoints) continue; // a flow: the marker colours it
    const badge = document.createElement('div');
    badge.className = 'f-ovl';
    badge.textContent = '!';
    badge.title = problems
      .filter((p) => p.elementId === id)
      .map((p) => (locale === 'zh-CN' ? p.messageZh : p.message))
      .join('\n');
    overlays.add(id, 'f-problem', { position: { top: -10, right: 10 }, html: badge });
  }
  return ids;
}

/** Marks the elements and flows of a simulated path (removing the marks of `previous`). */
export function markPath(modeler: unknown, path: readonly string[], previous: readonly string[]): string[] {
  const m = modeler as any;
  const canvas = m.get('canvas');
  const registry = m.get('elementRegistry');
  for (const id of previous) if (registry.get(id)) canvas.removeMarker(id, 'f-sim');
  const ids = path.filter((id) => registry.get(id));
  for (const id of ids) canvas.addMarker(id, 'f-sim');
  return ids;
}

/** Downloads the diagram as `<process id>.bpmn`. */
export async function downloadBpmn(modeler: unknown, fallbackName: string): Promise<void> {
  const m = modeler as any;
  const { xml } = await m.saveXML({ format: true });
  const url = URL.createObjectURL(new Blob([xml], { type: 'application/xml' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `${m.get('canvas').getRootElement().businessObject.id ?? fallbackName}.bpmn`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
