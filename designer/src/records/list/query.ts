// What a list page shows, as state and as its URL: the screen (?view=table|kanban|calendar), the
// filter (?where=<JSON>, the records API's own where — so a report alert's link opens exactly its
// rows), the search (?q=), the sort (?sort=-data.total) and the saved view it came from (?saved=).
// Columns, the board's grouping and the calendar's range come with a saved view or the defaults.
import type { SavedView, Sort, ViewKind, Where } from '../data.ts';

export interface ListState {
  view: ViewKind;
  where: Where;
  q: string;
  sort: Sort | null;
  columns: string[] | null;
  groupBy: string | null;
  calendarMode: 'month' | 'week' | 'day';
  saved: string | null;
}

export const EMPTY_STATE: ListState = {
  view: 'table',
  where: {},
  q: '',
  sort: null,
  columns: null,
  groupBy: null,
  calendarMode: 'month',
  saved: null,
};

function parseWhere(text: string | null): Where {
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Where) : {};
  } catch {
    return {};
  }
}

export function parseSort(text: string | null): Sort | null {
  if (!text) return null;
  return text.startsWith('-')
    ? { field: text.slice(1), direction: 'desc' }
    : { field: text, direction: 'asc' };
}

export const sortText = (sort: Sort): string => `${sort.direction === 'desc' ? '-' : ''}${sort.field}`;

export function stateFromUrl(search: string): ListState {
  const params = new URLSearchParams(search);
  const view = params.get('view');
  return {
    ...EMPTY_STATE,
    view: view === 'kanban' || view === 'calendar' ? view : 'table',
    where: parseWhere(params.get('where')),
    q: params.get('q') ?? '',
    sort: parseSort(params.get('sort')),
    saved: params.get('saved'),
  };
}

export function urlOf(pathname: string, state: ListState): string {
  const params = new URLSearchParams();
  if (state.view !== 'table') params.set('view', state.view);
  if (Object.keys(state.where).length) params.set('where', JSON.stringify(state.where));
  if (state.q) params.set('q', state.q);
  if (state.sort) params.set('sort', sortText(state.sort));
  if (state.saved) params.set('saved', state.saved);
  const qs = params.toString();
  return qs ? `${pathname}?${qs}` : pathname;
}

export function stateOfSaved(view: SavedView): ListState {
  return {
    view: view.view,
    where: (view.where as Where | undefined) ?? {},
    q: view.q ?? '',
    sort: view.sort?.[0] ? { field: view.sort[0].field, direction: view.sort[0].direction ?? 'asc' } : null,
    columns: view.columns ?? null,
    groupBy: view.groupBy ?? null,
    calendarMode: view.calendarMode ?? 'month',
    saved: view.id,
  };
}

/** The body of a saved view holding this state. */
export function savedBody(state: ListState, name: string) {
  return {
    name,
    view: state.view,
    ...(Object.keys(state.where).length ? { where: state.where } : {}),
    ...(state.q ? { q: state.q } : {}),
    ...(state.sort ? { sort: [state.sort] } : {}),
    ...(state.columns ? { columns: state.columns } : {}),
    ...(state.groupBy ? { groupBy: state.groupBy } : {}),
    ...(state.view === 'calendar' ? { calendarMode: state.calendarMode } : {}),
  };
}

/** The records query a screen runs (the where of the filter, plus the screen's own conditions). */
export function queryOf(state: ListState, extra: Where = {}, limit = 50) {
  const where = { ...state.where, ...extra };
  return {
    ...(Object.keys(where).length ? { where } : {}),
    ...(state.q ? { q: state.q } : {}),
    ...(state.sort ? { sort: [state.sort] } : {}),
    limit,
  };
}
