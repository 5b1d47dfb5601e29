/**
 * On a phone (one column), brings the detail panel of a master-detail page into view after the
 * user picked an item from the list above it.
 */
export function revealDetail(id: string): void {
  if (!window.matchMedia('(max-width: 1023px)').matches) return;
  requestAnimationFrame(() => document.getElementById(id)?.scrollIntoView({ block: 'start' }));
}
