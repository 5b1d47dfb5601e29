// Problems and matching rules shown in dmn-js's table. dmn-js re-renders its cells on every edit,
// so classes set on them would not last: the marks are one <style> element whose rules select
// the cells by the ids dmn-js writes on them (data-element-id on a cell, data-row-id on a rule's
// cells, data-col-id on a column's head) — a problem's element id is one of those.
import type { DecisionProblem } from '../api.ts';

const sel = (attr: string, id: string): string => `.f-dmn-editor [${attr}="${CSS.escape(id)}"]`;

export function marksCss(problems: readonly DecisionProblem[], matchedRuleIds: readonly string[]): string {
  const bad = [...new Set(problems.map((p) => p.elementId).filter((id): id is string => !!id))];
  const rules: string[] = [];
  if (bad.length)
    rules.push(
      `${bad.flatMap((id) => [sel('data-element-id', id), sel('data-row-id', id), sel('data-col-id', id)]).join(',\n')} {
  box-shadow: inset 0 0 0 2px var(--f-danger);
  background-color: var(--f-danger-soft);
}`,
    );
  if (matchedRuleIds.length)
    rules.push(
      `${matchedRuleIds.map((id) => sel('data-row-id', id)).join(',\n')} {
  background-color: var(--f-success-soft);
}`,
    );
  return rules.join('\n');
}

/** Scrolls the cell (or rule, or column) with this id into view and puts the caret there. */
export function showCell(container: HTMLElement | null, elementId: string): void {
  if (!container) return;
  const found =
    container.querySelector<HTMLElement>(`[data-element-id="${CSS.escape(elementId)}"]`) ??
    container.querySelector<HTMLElement>(`[data-row-id="${CSS.escape(elementId)}"]`) ??
    container.querySelector<HTMLElement>(`[data-col-id="${CSS.escape(elementId)}"]`);
  if (!found) return;
  found.scrollIntoView({ block: 'center', inline: 'center', behavior: 'smooth' });
  const editable = found.querySelector<HTMLElement>('[contenteditable]') ?? found;
  editable.focus?.();
}
