// Drag to reorder and to add, with pointer events: one code path for a mouse, a pen and a finger.
// A drag starts only after the pointer moved a few pixels (a tap stays a tap: palette items add
// themselves on click). While dragging, the target is the innermost drop list under the pointer
// that accepts the dragged kind (`data-drop-list`, `data-container`, `data-depth`), and the index
// is the number of its items (`data-drop-item`) whose middle is above the pointer. The page
// scrolls when the pointer nears the top or bottom edge; Escape cancels.
//
// Keyboard users move fields with Alt + arrow keys or the move buttons (the card handles that).
import { useCallback, useEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import type { FieldKind } from '../model/types.ts';

export type DragSource =
  | { type: 'field'; uid: string; kind: FieldKind; label: string }
  | { type: 'palette'; kind: FieldKind; label: string };

export interface Slot {
  /** uid of the section or table, null for the form itself. */
  container: string | null;
  index: number;
}

export interface DragState {
  source: DragSource;
  x: number;
  y: number;
  slot: Slot | null;
}

const THRESHOLD_PX = 6;
const EDGE_PX = 72;
const SCROLL_STEP_PX = 14;

/** The slot under a point, among the drop lists that accept `canDrop`. */
export function slotAt(x: number, y: number, accepts: (container: string | null) => boolean): Slot | null {
  const lists = [...document.querySelectorAll<HTMLElement>('[data-drop-list]')]
    .map((el) => ({ el, rect: el.getBoundingClientRect(), depth: Number(el.dataset.depth ?? 0) }))
    .filter(
      ({ rect }) => x >= rect.left - 8 && x <= rect.right + 8 && y >= rect.top - 8 && y <= rect.bottom + 8,
    )
    .sort((a, b) => b.depth - a.depth);
  for (const { el } of lists) {
    const container = el.dataset.container ? el.dataset.container : null;
    if (!accepts(container)) continue;
    const items = [...el.children].filter(
      (c): c is HTMLElement => c instanceof HTMLElement && 'dropItem' in c.dataset,
    );
    const index = items.filter((item) => {
      const r = item.getBoundingClientRect();
      return r.top + r.height / 2 < y;
    }).length;
    return { container, index };
  }
  return null;
}

export function useDragAndDrop(options: {
  accepts(source: DragSource, container: string | null): boolean;
  onDrop(source: DragSource, slot: Slot): void;
}) {
  const [drag, setDrag] = useState<DragState | null>(null);
  const latest = useRef(options);
  latest.current = options;
  const cleanup = useRef<(() => void) | null>(null);
  /** True right after a drag ended: the click that follows must not count as a tap. */
  const justDragged = useRef(false);

  useEffect(() => () => cleanup.current?.(), []);

  const begin = useCallback((event: ReactPointerEvent, source: DragSource): void => {
    if (event.button !== 0) return;
    cleanup.current?.();
    const startX = event.clientX;
    const startY = event.clientY;
    const pointerId = event.pointerId;
    let started = false;
    let current: DragState | null = null;

    const update = (x: number, y: number): void => {
      const slot = slotAt(x, y, (container) => latest.current.accepts(source, container));
      current = { source, x, y, slot };
      setDrag(current);
    };
    const move = (e: PointerEvent): void => {
      if (e.pointerId !== pointerId) return;
      if (!started) {
        if (Math.hypot(e.clientX - startX, e.clientY - startY) < THRESHOLD_PX) return;
        started = true;
      }
      e.preventDefault();
      if (e.clientY < EDGE_PX) window.scrollBy(0, -SCROLL_STEP_PX);
      else if (e.clientY > window.innerHeight - EDGE_PX) window.scrollBy(0, SCROLL_STEP_PX);
      update(e.clientX, e.clientY);
    };
    const end = (e: PointerEvent): void => {
      if (e.pointerId !== pointerId) return;
      const done = current;
      stop();
      if (started) {
        justDragged.current = true;
        setTimeout(() => (justDragged.current = false), 0);
      }
      if (started && done?.slot && e.type === 'pointerup') latest.current.onDrop(done.source, done.slot);
    };
    const key = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') stop();
    };
    const stop = (): void => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', end);
      window.removeEventListener('pointercancel', end);
      window.removeEventListener('keydown', key);
      cleanup.current = null;
      current = null;
      setDrag(null);
    };
    window.addEventListener('pointermove', move, { passive: false });
    window.addEventListener('pointerup', end);
    window.addEventListener('pointercancel', end);
    window.addEventListener('keydown', key);
    cleanup.current = stop;
  }, []);

  return { drag, begin, wasDrag: () => justDragged.current };
}
