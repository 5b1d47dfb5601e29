// Dragging a board's card to another column with a mouse, a pen or a finger, on pointer events.
// A mouse drags once it moved a few pixels; a finger must hold the card first (a long press), so
// that a swipe still scrolls the board sideways and the page up and down — once the press is held,
// scrolling stops and the card follows the finger. The column under the pointer is the drop target
// (any element with `data-column`); near the board's edges the board scrolls along.
import { useCallback, useEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';

export interface DragState {
  card: string;
  from: string;
  /** Where the pointer is (the floating card is drawn there). */
  x: number;
  y: number;
  /** The pointer's offset inside the card when it was picked up. */
  dx: number;
  dy: number;
  width: number;
  /** The column under the pointer. */
  over: string | null;
}

const HOLD_MS = 350;
const MOUSE_SLOP = 4;
const TOUCH_SLOP = 10;
const EDGE = 48;

/** Controls that keep their own pointer behaviour: a press on them never drags. */
const OWN_CONTROLS = 'button, select, input, textarea, label';

export function useCardDrag(
  board: React.RefObject<HTMLElement | null>,
  onDrop: (card: string, from: string, to: string) => void,
) {
  const [drag, setDrag] = useState<DragState | null>(null);
  const pending = useRef<{
    card: string;
    from: string;
    x: number;
    y: number;
    touch: boolean;
    timer?: number;
    element: HTMLElement;
  } | null>(null);
  const active = useRef<DragState | null>(null);
  const justDragged = useRef(false);
  const dropRef = useRef(onDrop);
  dropRef.current = onDrop;

  const columnAt = (x: number, y: number): string | null =>
    document.elementFromPoint(x, y)?.closest<HTMLElement>('[data-column]')?.dataset.column ?? null;

  const start = useCallback((x: number, y: number) => {
    const p = pending.current;
    if (!p) return;
    const rect = p.element.getBoundingClientRect();
    const state: DragState = {
      card: p.card,
      from: p.from,
      x,
      y,
      dx: p.x - rect.left,
      dy: p.y - rect.top,
      width: rect.width,
      over: p.from,
    };
    active.current = state;
    pending.current = null;
    setDrag(state);
    if (p.touch) navigator.vibrate?.(15);
  }, []);

  const finish = useCallback((drop: boolean) => {
    const p = pending.current;
    if (p?.timer) window.clearTimeout(p.timer);
    pending.current = null;
    const state = active.current;
    active.current = null;
    setDrag(null);
    if (!state) return;
    justDragged.current = true;
    window.setTimeout(() => (justDragged.current = false), 0);
    if (drop && state.over !== null && state.over !== state.from)
      dropRef.current(state.card, state.from, state.over);
  }, []);

  useEffect(() => {
    const move = (e: PointerEvent) => {
      const p = pending.current;
      if (p) {
        const distance = Math.hypot(e.clientX - p.x, e.clientY - p.y);
        if (p.touch) {
          // Moving before the hold ends is a scroll, not a drag.
          if (distance > TOUCH_SLOP) finish(false);
        } else if (distance > MOUSE_SLOP) start(e.clientX, e.clientY);
        return;
      }
      const state = active.current;
      if (!state) return;
      const next = { ...state, x: e.clientX, y: e.clientY, over: columnAt(e.clientX, e.clientY) };
      active.current = next;
      setDrag(next);
      const el = board.current;
      if (el) {
        const rect = el.getBoundingClientRect();
        if (e.clientX < rect.left + EDGE) el.scrollLeft -= 12;
        else if (e.clientX > rect.right - EDGE) el.scrollLeft += 12;
      }
    };
    const up = () => finish(true);
    const cancel = () => finish(false);
    // While a card is held, the finger drags it instead of scrolling the page.
    const noScroll = (e: TouchEvent) => {
      if (active.current) e.preventDefault();
    };
    const noMenu = (e: Event) => {
      if (active.current || pending.current?.touch) e.preventDefault();
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
    window.addEventListener('pointercancel', cancel);
    window.addEventListener('touchmove', noScroll, { passive: false });
    window.addEventListener('contextmenu', noMenu);
    const escape = (e: KeyboardEvent) => e.key === 'Escape' && finish(false);
    window.addEventListener('keydown', escape);
    return () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      window.removeEventListener('pointercancel', cancel);
      window.removeEventListener('touchmove', noScroll);
      window.removeEventListener('contextmenu', noMenu);
      window.removeEventListener('keydown', escape);
    };
  }, [board, finish, start]);

  /** For each card: `onPointerDown={(e) => pickUp(e, card.id, column)}`. */
  const pickUp = useCallback(
    (e: ReactPointerEvent<HTMLElement>, card: string, from: string) => {
      if (e.button !== 0 || (e.target as Element).closest(OWN_CONTROLS)) return;
      const touch = e.pointerType !== 'mouse';
      pending.current = { card, from, x: e.clientX, y: e.clientY, touch, element: e.currentTarget };
      if (touch) {
        const { clientX, clientY } = e;
        pending.current.timer = window.setTimeout(() => start(clientX, clientY), HOLD_MS);
      } else e.preventDefault(); // no text selection while dragging with a mouse
    },
    [start],
  );

  /** A click that ends a drag is not a click on the card's link. */
  const swallowClick = useCallback((e: React.MouseEvent) => {
    if (justDragged.current) e.preventDefault();
  }, []);

  return { drag, pickUp, swallowClick };
}
